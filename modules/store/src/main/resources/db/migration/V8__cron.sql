-- One row per cron job run. A scheduled tick is claimed by inserting its row: the unique index lets exactly one
-- node of the cluster win each (job, tick), so a job runs once per cluster per tick however many nodes schedule it.
create table cron_runs (
  id          bigserial   primary key,
  job         text        not null,
  tick        timestamptz not null,
  trigger     text        not null check (trigger in ('schedule', 'manual')),
  node        text        not null,
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  outcome     text        not null default 'running' check (outcome in ('running', 'ok', 'failed')),
  detail      text
);
create unique index cron_runs_one_per_tick on cron_runs (job, tick) where trigger = 'schedule';
create index cron_runs_job_started on cron_runs (job, started_at desc);

-- A key's expiry reminder is sent once.
alter table api_keys add column expiry_reminded_at timestamptz;
