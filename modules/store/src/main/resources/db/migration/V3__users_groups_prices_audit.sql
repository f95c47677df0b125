-- User groups: which accounts a user's requests may use (accounts list the groups they serve), the price ratio
-- for the group (parts per million, 1000000 = 1.0) and the scheduling strategy inside a priority tier.
create table user_groups (
  name        text        primary key,
  ratio_ppm   bigint      not null default 1000000 check (ratio_ppm >= 0),
  strategy    text        not null default 'weighted'
              check (strategy in ('weighted', 'round_robin', 'least_in_flight', 'lowest_latency', 'fewest_errors')),
  description text        not null default '',
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
insert into user_groups (name, description) values ('default', 'Every user starts here');

-- Console and API users. The price multiplier (parts per million) is never shown to the user it applies to.
-- token_version invalidates every issued token (refresh included) when it moves: password change, disable.
create table users (
  id                   bigserial   primary key,
  username             text        not null unique,
  password_hash        text        not null,
  role                 text        not null default 'user' check (role in ('admin', 'user')),
  group_name           text        not null default 'default' references user_groups (name) on update cascade,
  price_multiplier_ppm bigint      not null default 1000000 check (price_multiplier_ppm >= 0),
  enabled              boolean     not null default true,
  token_version        integer     not null default 0,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);

-- Keys belong to a user (keys from the config's bootstrap section belong to the initial admin unless they name one).
-- Limits are null when unset; allowed_providers and ip_allow are empty when anything is allowed.
alter table api_keys
  add column user_id           bigint references users (id) on delete cascade,
  add column allowed_providers text[]      not null default '{}',
  add column rpm               integer     check (rpm > 0),
  add column tpm               integer     check (tpm > 0),
  add column max_concurrency   integer     check (max_concurrency > 0),
  add column budget_micros     bigint      check (budget_micros >= 0),
  add column expires_at        timestamptz,
  add column ip_allow          text[]      not null default '{}',
  add column last_used_at      timestamptz;
create index api_keys_user on api_keys (user_id);

-- Accounts serve the user groups they list; status carries a reason and, for temporary states, an end time.
alter table accounts
  add column groups        text[]      not null default '{default}',
  add column status_reason text,
  add column status_until  timestamptz;
alter table accounts add constraint accounts_status_known
  check (status in ('active', 'disabled', 'banned', 'rate_limited', 'overloaded', 'invalid'));
alter table accounts add constraint accounts_provider_known
  check (provider in ('openai', 'openai-compatible', 'azure-openai', 'anthropic', 'gemini', 'bedrock'));

-- Prices per million tokens in integer micro-units of the currency (2.50 per million = 2500000).
create table model_prices (
  model              text        primary key,
  input_micros       bigint      not null check (input_micros >= 0),
  output_micros      bigint      not null check (output_micros >= 0),
  cache_write_micros bigint      not null default 0 check (cache_write_micros >= 0),
  cache_read_micros  bigint      not null default 0 check (cache_read_micros >= 0),
  updated_at         timestamptz not null default now()
);

-- Every admin action and every login attempt.
create table audit_log (
  id          bigserial   primary key,
  at          timestamptz not null default now(),
  actor_id    bigint,
  actor_name  text,
  action      text        not null,
  target_type text,
  target_id   text,
  before      jsonb,
  after       jsonb,
  ip          text,
  outcome     text        not null default 'ok'
);
create index audit_log_at on audit_log (at);
create index audit_log_actor on audit_log (actor_id, at);
create index audit_log_action on audit_log (action, at);
