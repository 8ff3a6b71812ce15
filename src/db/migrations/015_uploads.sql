-- Issue 8 item 14: files attached to portal applications (scanned copies; src/uploads/README.md).
--
-- An upload belongs to the person who sent it and is unbound (application_id NULL) until the
-- submission that names it in its signed form binds it, in the submission's own statement
-- (src/applications/batch.ts): then application_id and field are set once and never change.
-- The bytes live in PostgreSQL (bytea, at most a few MiB each: HTTP_UPLOAD_LIMIT_BYTES).
CREATE TABLE uploads (
  id              uuid PRIMARY KEY,                      -- UUIDv7: time-ordered
  owner_id        uuid NOT NULL REFERENCES users(id),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size            integer NOT NULL CHECK (size > 0),
  mime            text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  bytes           bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  application_id  uuid REFERENCES applications(id),
  field           text,                                  -- the form field it was attached to
  bound_at        timestamptz,
  CHECK (octet_length(bytes) = size),
  CHECK ((application_id IS NULL) = (field IS NULL) AND (application_id IS NULL) = (bound_at IS NULL))
);
-- The files of an application (staff list, the applicant's page).
CREATE INDEX uploads_application ON uploads (application_id, created_at) WHERE application_id IS NOT NULL;
-- The purge of unbound uploads (older than a day) and a person's own unbound uploads.
CREATE INDEX uploads_unbound ON uploads (created_at) WHERE application_id IS NULL;
CREATE INDEX uploads_owner_unbound ON uploads (owner_id, created_at) WHERE application_id IS NULL;

-- The purge runs as a job that schedules its next run (src/uploads/uploads.ts, 'uploads.purge').
INSERT INTO jobs (kind, payload) VALUES ('uploads.purge', '{}');
