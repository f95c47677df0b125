-- Responses API answers kept for their key (store: true, OpenAI's default): GET/DELETE /v1/responses/{id},
-- GET /v1/responses/{id}/input_items, and the history a later request continues with previous_response_id.
-- input is the request's own input items, response the response object as the client got it; the items of earlier
-- turns are found by following previous_response_id. upstream_state: the account's upstream keeps the response
-- itself (OpenAI with store on), so a continuation there may name it instead of sending the history again.
create table stored_responses (
  key_id               bigint      not null references api_keys (id) on delete cascade,
  id                   text        not null,
  created_at           timestamptz not null default now(),
  account_id           bigint,
  upstream_state       boolean     not null default false,
  previous_response_id text,
  model                text        not null,
  input                jsonb       not null,
  response             jsonb       not null,
  primary key (key_id, id)
);
create index stored_responses_created on stored_responses (created_at);
