-- Per-account quotas (issue 19): an account may carry a quota of requests or tokens, per day (reset by the cron job
-- account-quota-reset at local midnight) or in total (until an admin raises it). quota_used moves with every usage
-- row written for the account, in the statement that writes the rows (so a replayed row never counts twice): a
-- request counts when the account answered it (status below 400); tokens are input plus output.
alter table accounts
  add column quota_unit   text   check (quota_unit in ('requests', 'tokens')),
  add column quota_period text   check (quota_period in ('day', 'total')),
  add column quota_limit  bigint check (quota_limit >= 0),
  add column quota_used   bigint not null default 0,
  add constraint accounts_quota_whole check ((quota_unit is null) = (quota_limit is null)
                                             and (quota_period is null) = (quota_limit is null));

create function accounts_consume_quotas() returns trigger language plpgsql as $$
begin
  update accounts a
     set quota_used = a.quota_used + case a.quota_unit when 'requests' then s.requests else s.tokens end
    from (select account_id, count(*) filter (where status < 400) as requests,
                 sum(input_tokens + output_tokens) as tokens
            from written where account_id is not null group by account_id) s
   where a.id = s.account_id and a.quota_limit is not null;
  return null;
end $$;

create trigger usage_log_consumes_account_quotas after insert on usage_log
  referencing new table as written for each statement execute function accounts_consume_quotas();

-- The scheduler weighs accounts by what is left of their quota.
alter table user_groups drop constraint user_groups_strategy_check;
alter table user_groups add constraint user_groups_strategy_check check (strategy in
  ('weighted', 'round_robin', 'least_in_flight', 'lowest_latency', 'fewest_errors', 'remaining_quota'));
