-- Resilience (issue 5): why an upstream attempt failed, per usage row, and every account status change.

-- The error class of the upstream failure behind a usage row (connect, connect_timeout, ttfb_timeout, idle_timeout,
-- total_timeout, auth, rate_limited, overloaded, server_error, client_error, stream_error, circuit_open); null = none.
alter table usage_log add column error_class text;

-- Each stored status change of an account, written in the same statement as the change itself.
create table account_status_events (
  id           bigserial   primary key,
  account_id   bigint      not null references accounts (id) on delete cascade,
  at           timestamptz not null default now(),
  from_status  text        not null,
  to_status    text        not null,
  reason       text,
  until        timestamptz,
  request_id   text
);
create index account_status_events_account on account_status_events (account_id, at);
