-- Pass-through routes (issue 19): every usage row keeps the route it came in on, the client's address, the bytes of
-- its body and answer, and the units other than tokens it is priced by (images, seconds of audio, characters spoken).
alter table usage_log
  add column endpoint       text,
  add column client_ip      text,
  add column request_bytes  bigint not null default 0,
  add column response_bytes bigint not null default 0,
  add column units          bigint not null default 0;

-- The price of one such unit, in integer micro-units (0.04 per image = 40000; 15 per million characters = 15).
alter table model_prices add column unit_micros bigint not null default 0 check (unit_micros >= 0);
