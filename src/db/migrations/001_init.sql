-- Qyzmet schema v1: accounts, sessions, the service registry, applications with
-- status history, idempotency, audit and an outbox/job table.
-- Runs unchanged on PostgreSQL 15+ and PGlite (PostgreSQL 18).

CREATE TABLE users (
  id            uuid PRIMARY KEY,
  iin           char(12) NOT NULL UNIQUE,
  surname       text NOT NULL,
  given_name    text NOT NULL,
  patronymic    text,
  password_hash text NOT NULL,
  roles         text[] NOT NULL,
  -- the organisation a staff member works for (centre branch, provider body); null for citizens
  org_id        text,
  phone         text,
  email         text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash  bytea PRIMARY KEY,            -- sha-256 of the secret token; the token itself is never stored
  user_id     uuid NOT NULL REFERENCES users(id),
  kind        text NOT NULL CHECK (kind IN ('cookie', 'bearer')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every version of every service definition ever loaded; repealed versions stay.
CREATE TABLE service_versions (
  code            text NOT NULL,
  version         integer NOT NULL,
  effective_from  date NOT NULL,
  effective_to    date,
  definition      jsonb NOT NULL,
  content_hash    text NOT NULL,
  loaded_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);

-- Application numbers YY-NNNNNNNN-C: the sequence part; the number is formatted (with its Luhn
-- check digit) in src/applications/numbering.ts. Processes take values in blocks.
CREATE SEQUENCE application_number_seq;

CREATE TABLE applications (
  id               uuid PRIMARY KEY,          -- UUIDv7: time-ordered, index friendly
  number           text NOT NULL UNIQUE,
  service_code     text NOT NULL,
  service_version  integer NOT NULL,
  channel          text NOT NULL CHECK (channel IN ('portal', 'centre', 'provider')),
  applicant_id     uuid NOT NULL REFERENCES users(id),
  applicant_iin    char(12) NOT NULL,
  status           text NOT NULL,
  form             jsonb NOT NULL,
  region           text,
  filed_at         timestamptz NOT NULL,
  acceptance_date  date,
  due_date         date,
  deadline_basis   jsonb,
  provider_org     text,                      -- who works it (back office, later issue)
  assignee_id      uuid,
  current_step     text,
  step_due_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
  -- No foreign key to service_versions: every application of a popular service would take a
  -- FOR KEY SHARE lock on the same row, and at a few hundred submissions per second those
  -- shared locks (multixacts) halve throughput. The version always exists: the registry
  -- loads it from files and writes it to service_versions before the server accepts requests.
);
-- An applicant's applications, newest first (cabinet; keyset paging on (filed_at, id)).
CREATE INDEX applications_applicant ON applications (applicant_id, filed_at DESC, id DESC);
-- A provider's open work by due time, and the overdue sweep: partial indexes over open statuses only,
-- so they stay small however many closed applications accumulate.
CREATE INDEX applications_provider_open ON applications (provider_org, due_date, id)
  WHERE status IN ('submitted', 'delivered', 'registered', 'in-progress', 'extended', 'returned', 'awaiting-payment', 'awaiting-second-applicant');
CREATE INDEX applications_open_due ON applications (due_date, id)
  WHERE status IN ('submitted', 'delivered', 'registered', 'in-progress', 'extended', 'returned', 'awaiting-payment', 'awaiting-second-applicant');
CREATE INDEX applications_step_due ON applications (step_due_at) WHERE step_due_at IS NOT NULL;

CREATE TABLE application_history (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id  uuid NOT NULL REFERENCES applications(id),
  at              timestamptz NOT NULL DEFAULT now(),
  actor_id        uuid,
  actor_role      text,
  from_status     text,
  to_status       text NOT NULL,
  step_id         text,
  reason          jsonb                         -- { kk, ru, en } or { text }
);
CREATE INDEX application_history_app ON application_history (application_id, id);

CREATE TABLE idempotency_keys (
  user_id         uuid NOT NULL,
  key             text NOT NULL,
  request_hash    text NOT NULL,
  application_id  uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- One shape for every audit event (after X-Road): event, actor, subject, reason, data, correlation id.
CREATE TABLE audit_log (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  event           text NOT NULL,
  actor_id        uuid,
  actor_role      text,
  subject_type    text,
  subject_id      text,
  correlation_id  text,
  reason          text,
  data            jsonb
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, id);

-- Domain events written in the same transaction as the change (transactional outbox);
-- workers claim them with FOR UPDATE SKIP LOCKED, so any number of processes can share the work.
CREATE TABLE jobs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL,
  payload      jsonb NOT NULL,
  run_at       timestamptz NOT NULL DEFAULT now(),
  attempts     integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  done_at      timestamptz,
  last_error   text
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE done_at IS NULL;
