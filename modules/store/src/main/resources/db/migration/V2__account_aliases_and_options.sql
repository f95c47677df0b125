-- Model aliases (client name -> upstream name) and provider-specific options (Azure api-version, AWS region...).
alter table accounts add column aliases jsonb not null default '{}';
alter table accounts add column options jsonb not null default '{}';
