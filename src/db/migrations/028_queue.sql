-- Issue 11 item 2: the centres' electronic queue (src/queue/README.md). Branches themselves are
-- organisations (organisations/*.yaml, `branch:`), mirrored in `organisations`; no foreign keys to
-- them, as for applications.
--
-- A ticket is valid on its local day (`day`); its number is the group's letter and a sequence per
-- branch, day and group (queue_counters). One row per state it passes through (queue_periods,
-- after TheQ's period.py): waiting, called, serving — closed by the next one, or by done/no-show.
CREATE TABLE queue_tickets (
  id              uuid PRIMARY KEY,
  branch_id       text NOT NULL,
  day             date NOT NULL,
  service_group   text NOT NULL,
  number          text NOT NULL,
  lang            text NOT NULL CHECK (lang IN ('kk', 'ru')),
  source          text NOT NULL CHECK (source IN ('kiosk', 'booking')),
  priority        smallint NOT NULL DEFAULT 0,
  priority_reason text CHECK (priority_reason IN ('booked', 'disability', 'elderly', 'pregnant')),
  state           text NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no-show')),
  window_id       text,
  for_window      text,
  operator_id     uuid,
  booking_id      uuid,
  recalls         int NOT NULL DEFAULT 0,
  application_ids jsonb NOT NULL DEFAULT '[]',
  issued_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  -- Order of arrival (ties of issued_at included).
  arrival         bigserial NOT NULL,
  UNIQUE (branch_id, day, number)
);
-- call-next: the waiting tickets of a branch's day in the order they are called.
CREATE INDEX queue_tickets_waiting ON queue_tickets (branch_id, day, priority DESC, arrival) WHERE state = 'waiting';
-- A window has at most one ticket called or being served on a day: two calls to one window at the
-- same moment cannot both succeed (the second is WINDOW_BUSY), without a lock of their own.
CREATE UNIQUE INDEX queue_tickets_at_window ON queue_tickets (branch_id, window_id, day) WHERE state IN ('called', 'serving');

CREATE TABLE queue_counters (
  branch_id     text NOT NULL,
  day           date NOT NULL,
  service_group text NOT NULL,
  last          int NOT NULL,
  PRIMARY KEY (branch_id, day, service_group)
);

CREATE TABLE queue_periods (
  id          bigserial PRIMARY KEY,
  ticket_id   uuid NOT NULL,
  branch_id   text NOT NULL,
  state       text NOT NULL CHECK (state IN ('waiting', 'called', 'serving')),
  window_id   text,
  operator_id uuid,
  started_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
CREATE INDEX queue_periods_ticket ON queue_periods (ticket_id, id);
CREATE INDEX queue_periods_branch ON queue_periods (branch_id, started_at);

-- A booking on the portal: a 15-minute slot on a working day within the branch's hours; at most
-- one active booking per person and service group; check-in turns it into a ticket.
CREATE TABLE queue_bookings (
  id            uuid PRIMARY KEY,
  branch_id     text NOT NULL,
  service_group text NOT NULL,
  person_id     uuid NOT NULL,
  slot_at       timestamptz NOT NULL,
  state         text NOT NULL CHECK (state IN ('active', 'checked-in', 'cancelled')),
  ticket_id     uuid,
  created_at    timestamptz NOT NULL,
  checked_in_at timestamptz
);
CREATE UNIQUE INDEX queue_bookings_one_active ON queue_bookings (person_id, service_group) WHERE state = 'active';
CREATE INDEX queue_bookings_slot ON queue_bookings (branch_id, slot_at) WHERE state <> 'cancelled';

-- The queue mode of a branch: the electronic queue, or a live queue on a failure (002 cl.6). Each
-- switch is also an audit event (queue.mode).
CREATE TABLE queue_branch_modes (
  branch_id text PRIMARY KEY,
  mode      text NOT NULL CHECK (mode IN ('electronic', 'live')),
  since     timestamptz NOT NULL,
  reason    text,
  set_by    uuid
);
