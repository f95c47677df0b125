-- Stored responses keep their JSON as text: jsonb refuses a NUL character (\u0000), which JSON allows in a string and
-- a client may send, and it reorders keys; the store never looks inside either column.
alter table stored_responses
  alter column input type text using input::text,
  alter column response type text using response::text;
