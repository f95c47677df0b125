-- Request and response bodies, on request (issue 19): captured only for keys or user groups switched on (or all, by
-- config), capped in size and redacted before they are written, kept apart from usage_log with their own retention
-- (the cron job body-retention), and readable by admins only.
alter table api_keys add column capture_bodies boolean not null default false;
alter table user_groups add column capture_bodies boolean not null default false;

create table request_bodies (
  request_id         text        not null,
  created_at         timestamptz not null,
  key_id             bigint      not null,
  request_body       text,
  request_truncated  boolean     not null default false,
  response_body      text,
  response_truncated boolean     not null default false,
  reassembled        boolean     not null default false,  -- a streamed answer, stored as the whole answer it made
  primary key (request_id, created_at)
);
create index request_bodies_created on request_bodies (created_at);
