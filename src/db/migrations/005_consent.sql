-- Consent to read a person's protected data (digest §2.4) and results of applications.

CREATE TABLE consents (
  id             uuid PRIMARY KEY,
  subject_iin    char(12) NOT NULL,
  requester_id   uuid REFERENCES users(id),
  requester_role text NOT NULL,
  purpose        text NOT NULL,
  systems        text[] NOT NULL,
  service_code   text,
  -- how the subject agreed: an SMS code typed back, or the signature of their own application
  method         text NOT NULL CHECK (method IN ('sms', 'signed-application')),
  otp_id         uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  granted_at     timestamptz,
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz
);
CREATE INDEX consents_subject ON consents (subject_iin, created_at DESC);

-- The result an application ends with: an electronic document or a reasoned refusal.
CREATE TABLE application_results (
  application_id uuid PRIMARY KEY REFERENCES applications(id),
  kind           text NOT NULL CHECK (kind IN ('document', 'refusal')),
  document       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
