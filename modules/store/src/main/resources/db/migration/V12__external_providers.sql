-- Accounts may name a provider served by an adapter loaded from a jar (ollama, ...), not only the built-in kinds:
-- any name the gateway accepts for one (lower-case letters, digits and dashes, starting with a letter).
alter table accounts drop constraint accounts_provider_known;
alter table accounts add constraint accounts_provider_known
  check (provider ~ '^[a-z][a-z0-9-]{0,31}$');
