-- Hardening (issue 13): key names are unique per owner, not across the gateway, so creating a key never tells one
-- user the name of another's (a 409 did). Keys without an owner (bootstrap without users) share one namespace.
alter table api_keys drop constraint api_keys_name_key;
create unique index api_keys_owner_name on api_keys ((coalesce(user_id, 0)), name);

-- The retention jobs delete history rows by age.
create index quota_history_at on quota_history (at);
create index rule_hits_at on rule_hits (at);
create index account_status_events_at on account_status_events (at);
