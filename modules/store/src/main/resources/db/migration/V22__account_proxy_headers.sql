-- Outbound proxies and static headers per account (issue 19). proxy is the proxy URL (http://, socks5:// or socks4://,
-- credentials included) encrypted like credentials (AES-256-GCM under the master key); an account without one uses
-- the proxy of the first of its groups that has one. headers are sent on every upstream call of the account (an
-- organization or project header), never over the credential the adapter puts on the request.
alter table accounts
  add column proxy   bytea,
  add column headers jsonb not null default '{}';
alter table user_groups add column proxy bytea;
