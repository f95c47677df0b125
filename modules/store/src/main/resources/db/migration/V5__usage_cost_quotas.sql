-- usage_log becomes partitioned by day (UTC), so retention drops whole partitions. The partition key must be part
-- of the primary key: created_at is the request's start time carried in the usage record, so a replayed row
-- conflicts with itself. The DEFAULT partition takes any row whose day has no partition yet: an insert never fails.
alter table usage_log rename to usage_log_v1;
drop index usage_log_key_time;
create table usage_log (
  request_id          text        not null,
  created_at          timestamptz not null,
  key_id              bigint      not null,
  user_id             bigint      not null default 0,
  group_name          text        not null default 'default',
  on_fallback         boolean     not null default false,
  account_id          bigint,
  model               text        not null,
  upstream_model      text,
  input_tokens        bigint      not null default 0,
  output_tokens       bigint      not null default 0,
  cached_tokens       bigint      not null default 0,
  cache_write_tokens  bigint      not null default 0,
  reasoning_tokens    bigint      not null default 0,
  status              integer     not null,
  latency_ms          integer     not null,
  ttfb_ms             integer,
  stream              boolean     not null,
  outcome             text        not null,
  error_class         text,
  -- integer micro-units: base = tokens at the model's prices; charged = base x group ratio x user multiplier
  base_cost_micros    bigint      not null default 0,
  charged_cost_micros bigint      not null default 0,
  price_missing       boolean     not null default false,  -- tokens were used but the model has no price
  estimated           boolean     not null default false,  -- the upstream reported no usage: counted locally
  primary key (request_id, created_at)
) partition by range (created_at);
create table usage_log_default partition of usage_log default;
create index usage_log_key_time on usage_log (key_id, created_at);
create index usage_log_user_time on usage_log (user_id, created_at);

-- keep what was logged before (error_class exists when the resilience migration ran first)
do $$
begin
  if exists (select 1 from information_schema.columns where table_name = 'usage_log_v1' and column_name = 'error_class') then
    execute 'insert into usage_log (request_id, created_at, key_id, account_id, model, upstream_model, input_tokens,
      output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, ttfb_ms, stream, outcome,
      error_class)
      select request_id, created_at, key_id, account_id, model, upstream_model, input_tokens, output_tokens,
      cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, ttfb_ms, stream, outcome, error_class
      from usage_log_v1';
  else
    execute 'insert into usage_log (request_id, created_at, key_id, account_id, model, upstream_model, input_tokens,
      output_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, ttfb_ms, stream, outcome)
      select request_id, created_at, key_id, account_id, model, upstream_model, input_tokens, output_tokens,
      cached_tokens, cache_write_tokens, reasoning_tokens, status, latency_ms, ttfb_ms, stream, outcome
      from usage_log_v1';
  end if;
end $$;
drop table usage_log_v1;

-- Quotas. balance_micros: prepaid credit, null = not prepaid (no balance limit); usage lowers it.
-- daily_quota_micros: charged spend allowed per local day, null = none. When it is spent, requests run on
-- fallback_group (null = they are refused with 402); fallback_since says since when today (admins see it).
alter table users
  add column balance_micros     bigint,
  add column daily_quota_micros bigint check (daily_quota_micros >= 0),
  add column fallback_group     text references user_groups (name) on update cascade on delete set null,
  add column fallback_since     timestamptz;

-- A key's lifetime charged spend, compared with its budget_micros.
alter table api_keys add column spent_micros bigint not null default 0;

-- Every change of a user's balance: admin top-ups and adjustments, and usage (one row per user per written batch).
create table quota_history (
  id            bigserial   primary key,
  user_id       bigint      not null references users (id) on delete cascade,
  before_micros bigint      not null,
  after_micros  bigint      not null,
  delta_micros  bigint      not null,
  reason        text        not null,
  actor         text        not null,
  at            timestamptz not null default now()
);
create index quota_history_user_at on quota_history (user_id, at);

-- Daily aggregates (UTC days) per user, key and model, recomputed idempotently from usage_log for one day.
create table usage_daily (
  day                 date   not null,
  user_id             bigint not null,
  key_id              bigint not null,
  model               text   not null,
  requests            bigint not null,
  errors              bigint not null,
  input_tokens        bigint not null,
  output_tokens       bigint not null,
  cached_tokens       bigint not null,
  cache_write_tokens  bigint not null,
  reasoning_tokens    bigint not null,
  base_cost_micros    bigint not null,
  charged_cost_micros bigint not null,
  primary key (day, user_id, key_id, model)
);
create index usage_daily_user_day on usage_daily (user_id, day);
create index usage_daily_key_day on usage_daily (key_id, day);
