-- Rules: what a bad upstream response looks like and what to do about it. scope, condition and actions are JSON
-- documents in the shape RuleDefinition parses (and the admin API accepts); the rule engine validates every row it
-- loads and skips, with a log line naming the bad part, any row that does not parse.
create table rules (
  id                     bigserial   primary key,
  name                   text        not null unique,
  description            text        not null default '',
  enabled                boolean     not null default true,
  mode                   text        not null default 'enforce' check (mode in ('enforce', 'observe')),
  scope                  jsonb       not null default '{"type":"all"}',
  condition              jsonb       not null,
  threshold_count        integer     not null default 1 check (threshold_count > 0),
  window_seconds         integer     not null default 60 check (window_seconds > 0),
  cooldown_seconds       integer     not null default 0 check (cooldown_seconds >= 0),
  actions                jsonb       not null default '[]',
  reenable_after_seconds integer     check (reenable_after_seconds > 0),
  builtin                boolean     not null default false,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now()
);

-- One row each time a rule fired on an account (its threshold crossed outside its cooldown), with the evidence.
create table rule_hits (
  id          bigserial   primary key,
  rule_id     bigint      not null references rules (id) on delete cascade,
  account_id  bigint      not null,
  at          timestamptz not null default now(),
  mode        text        not null,
  request_id  text,
  status      integer     not null,
  error_class text,
  evidence    text        not null,
  matches     integer     not null,
  actions     text[]      not null default '{}'
);
create index rule_hits_rule on rule_hits (rule_id, at desc);
create index rule_hits_account on rule_hits (account_id, at desc);

-- Recent upstream attempts (successes and failures) for dry-running rules. Every rule engine instance receives
-- every outcome; the unique key makes their writes idempotent. Bounded by rules.outcomeLog.maxRows (pruned).
create table outcome_log (
  id          bigserial   primary key,
  at          timestamptz not null,
  request_id  text        not null,
  account_id  bigint      not null,
  provider    text        not null,
  model       text,
  status      integer     not null,
  error_class text,
  latency_ms  bigint      not null,
  ttfb_ms     bigint      not null,
  headers     jsonb       not null default '{}',
  body        text
);
create unique index outcome_log_attempt on outcome_log (request_id, account_id, at);
create index outcome_log_at on outcome_log (at);

-- built-in rules (editable rows)
insert into rules (name, description, builtin, condition, threshold_count, window_seconds, cooldown_seconds, actions,
                   reenable_after_seconds) values
('auth-invalid',
 'A 401/403 whose body says the credential is wrong: the account is marked invalid until an admin fixes it.',
 true,
 '{"all":[{"type":"status","in":[401,403]},{"type":"bodyMatches","regex":"(?i)(invalid|incorrect|expired|revoked|missing|unknown)[^a-z]{0,3}[a-z ]{0,30}(api.?key|x-api-key|credential|token|authentication)|authentication_error|permission_error|unauthenticated|permission_denied|api_key_invalid|invalid_api_key"}]}',
 1, 60, 0, '[{"type":"disable","status":"invalid"},{"type":"log"}]', null),
('billing-disable-day',
 'Out of quota or credit (insufficient_quota, billing messages): the account rests for a day.',
 true,
 '{"all":[{"type":"status","min":400,"max":499},{"any":[{"type":"bodyContains","text":"insufficient_quota"},{"type":"jsonPath","jsonPath":"$.error.code","op":"equals","value":"insufficient_quota"},{"type":"bodyMatches","regex":"(?i)billing|credit balance|exceeded your current quota|payment required|quota exceeded"}]}]}',
 1, 60, 0, '[{"type":"disable","status":"disabled"},{"type":"log"}]', 86400),
('overloaded-529',
 'Repeated 529 Overloaded (3 within 60 s): the account cools down for 2 minutes.',
 true,
 '{"type":"status","equals":529}',
 3, 60, 0, '[{"type":"disable","status":"overloaded"},{"type":"log"}]', 120);
