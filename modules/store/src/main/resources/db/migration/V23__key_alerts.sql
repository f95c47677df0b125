-- Anomaly alerts on client keys (issue 19): a key used from a new address prefix, for a model it never used, or far
-- above its own request rate. One row per alert, with what was seen and what was done (disabled by policy or not).
create table key_alerts (
  id          bigserial   primary key,
  key_id      bigint      not null,
  user_id     bigint      not null default 0,
  at          timestamptz not null,
  kind        text        not null check (kind in ('new_ip', 'new_model', 'burst')),
  detail      text        not null,
  request_id  text,
  client_ip   text,
  model       text,
  action      text        not null default 'alert'
);
create index key_alerts_at on key_alerts (at desc);
create index key_alerts_key on key_alerts (key_id, at desc);
