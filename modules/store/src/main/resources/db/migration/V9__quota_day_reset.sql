-- An admin may reset one user's daily quota for the rest of today: their spend today counts from this instant
-- (the start of the local day or this, whichever is later), so the Redis day counter rebuilds from it.
alter table users add column day_reset_at timestamptz;
