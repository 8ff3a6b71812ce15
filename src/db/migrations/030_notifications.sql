-- Issue 12 part 2: notifications to applicants (src/notifications/README.md).
-- A notification is one event told to one person: it is their cabinet inbox entry (kind and
-- parameters; the words are rendered from the templates in kk/ru/en), and it has one delivery
-- per further channel (e-mail, SMS), each delivered by its own job.

-- The person's choices; no row: the defaults (Kazakh, inbox + SMS with a phone, e-mail with an address).
CREATE TABLE notification_preferences (
  user_id     uuid PRIMARY KEY REFERENCES users(id),
  lang        text NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
  email_on    boolean NOT NULL,
  sms_on      boolean NOT NULL,
  -- where e-mail goes; null: the account's address
  email       text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notifications (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users(id),
  kind            text NOT NULL,
  application_id  uuid REFERENCES applications(id),
  params          jsonb NOT NULL,               -- the template's placeholders (number, service name, dates)
  -- the job (outbox event) it came from: one notification per event and person, whatever happens to the job
  source_job      bigint NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz,
  UNIQUE (source_job, user_id)
);
CREATE INDEX notifications_inbox ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE notification_deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id  uuid NOT NULL REFERENCES notifications(id),
  channel          text NOT NULL CHECK (channel IN ('email', 'sms')),
  address          text NOT NULL,               -- the e-mail address or phone number, as chosen when it was sent
  lang             text NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
  -- pending → sending (claimed by one worker until claimed_until) → sent; after the last attempt: dead
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  claimed_until    timestamptz,
  last_error       text,
  message_id       text,                        -- the Message-ID the e-mail carries (stable across retries)
  response         text,                        -- the SMTP server's answer when it accepted
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  dead_at          timestamptz,
  replays          integer NOT NULL DEFAULT 0,
  UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_dead ON notification_deliveries (id DESC) WHERE state = 'dead';
