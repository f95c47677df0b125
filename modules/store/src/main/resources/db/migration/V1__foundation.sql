-- Client keys: only the SHA-256 of the key is kept, plus a display prefix that cannot be used to call.
create table api_keys (
  id             bigserial primary key,
  name           text        not null unique,
  key_hash       char(64)    not null unique,
  display_prefix text        not null,
  models         text[]      not null default '{*}',
  enabled        boolean     not null default true,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);

-- Upstream accounts: the credential is AES-256-GCM encrypted (12-byte nonce followed by ciphertext and tag).
create table accounts (
  id          bigserial primary key,
  name        text        not null unique,
  provider    text        not null,
  base_url    text        not null,
  credential  bytea,
  models      text[]      not null default '{}',
  priority    integer     not null default 0,
  weight      integer     not null default 1 check (weight > 0),
  status      text        not null default 'active',
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

-- One row per client request, written by the usage recorder; request_id makes writes idempotent.
create table usage_log (
  request_id         text        primary key,
  created_at         timestamptz not null default now(),
  key_id             bigint      not null,
  account_id         bigint,
  model              text        not null,
  upstream_model     text,
  input_tokens       bigint      not null default 0,
  output_tokens      bigint      not null default 0,
  cached_tokens      bigint      not null default 0,
  cache_write_tokens bigint      not null default 0,
  reasoning_tokens   bigint      not null default 0,
  status             integer     not null,
  latency_ms         integer     not null,
  ttfb_ms            integer,
  stream             boolean     not null,
  outcome            text        not null
);
create index usage_log_key_time on usage_log (key_id, created_at);
