-- Issue 9: the provider's back office. Every state change goes through one action pipeline
-- (src/actions); a regulation's step instance worked by people is a task (src/tasks).

-- Optimistic concurrency: every pipeline write bumps the application's version.
ALTER TABLE applications ADD COLUMN version integer NOT NULL DEFAULT 1;
-- Process variables the definition's conditions read ($decision, $intake, $actRecord, src/process).
ALTER TABLE applications ADD COLUMN vars jsonb NOT NULL DEFAULT '{}';

-- One row per step instance worked by people. Open tasks are indexed for the inbox (by
-- organisation and role, by due time) and for the two timers (warning at 75 %, breach).
CREATE TABLE tasks (
  id              uuid PRIMARY KEY,
  application_id  uuid NOT NULL REFERENCES applications(id),
  service_code    text NOT NULL,
  channel         text NOT NULL,
  step_id         text NOT NULL,
  kind            text NOT NULL,
  role            text NOT NULL,
  org_id          text NOT NULL,
  assignee_id     uuid REFERENCES users(id),
  state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'waiting', 'closed')),
  opened_at       timestamptz NOT NULL,
  due_at          timestamptz,
  warn_at         timestamptz,
  warned_at       timestamptz,
  escalated_at    timestamptz,
  -- waiting on another body with the timer stopped: the working time left when it stopped
  paused_ms       bigint,
  closed_at       timestamptz,
  closed_by       uuid,
  outcome         text,
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX tasks_inbox ON tasks (org_id, role, due_at, id) WHERE state <> 'closed';
CREATE INDEX tasks_assignee ON tasks (assignee_id, due_at, id) WHERE state <> 'closed';
CREATE INDEX tasks_application ON tasks (application_id, opened_at);
-- the timers: due (breach → escalation) and warning, over open tasks not yet handled only
CREATE INDEX tasks_breach ON tasks (due_at) WHERE state = 'open' AND escalated_at IS NULL;
CREATE INDEX tasks_warning ON tasks (warn_at) WHERE state = 'open' AND warned_at IS NULL;

-- The decision of an application: prepared by the executor, signed by the head.
CREATE TABLE application_decisions (
  application_id  uuid PRIMARY KEY REFERENCES applications(id),
  kind            text NOT NULL CHECK (kind IN ('approve', 'refuse')),
  data            jsonb NOT NULL,            -- approve: the decision fields; refuse: { grounds, text }
  prepared_by     uuid NOT NULL,
  prepared_at     timestamptz NOT NULL,
  signed_by       uuid,
  signed_at       timestamptz,
  cms             bytea,
  payload_sha256  text,
  signer_serial   text,
  CHECK ((signed_at IS NULL) = (cms IS NULL))
);

-- Term extensions: one per extension rule of the definition (never twice).
CREATE TABLE application_extensions (
  application_id  uuid NOT NULL REFERENCES applications(id),
  extension_id    text NOT NULL,
  amount          integer NOT NULL,
  unit            text NOT NULL,
  previous_due    date NOT NULL,
  new_due         date NOT NULL,
  notice_by       date NOT NULL,
  reason          text,
  extended_by     uuid NOT NULL,
  extended_at     timestamptz NOT NULL,
  PRIMARY KEY (application_id, extension_id)
);
