-- Issue 8, item 15: a second applicant co-signs (both parents of a minor, 004 L167; later both
-- spouses). One row per co-signer of an application, written by the submission statement
-- (src/applications/batch.ts) with the application; signed, declined or expired later
-- (src/applications/cosign.ts). The signature is kept as evidence, like application_signatures.
CREATE TABLE application_cosigners (
  application_id  uuid NOT NULL REFERENCES applications(id),
  iin             char(12) NOT NULL,                 -- whom the applicant named
  field           text NOT NULL,                     -- the form field that names them
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signed', 'declined', 'expired')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,              -- filing + the definition's clock hours
  signed_at       timestamptz,
  closed_at       timestamptz,                       -- declined or expired
  user_id         uuid REFERENCES users(id),         -- the account that signed or declined
  method          text CHECK (method IN ('eds', 'sms')),
  cms             bytea,
  signer_serial   text,
  otp_id          uuid,
  payload_sha256  text,
  PRIMARY KEY (application_id, iin),
  CHECK (status <> 'signed' OR (signed_at IS NOT NULL AND method IS NOT NULL AND payload_sha256 IS NOT NULL))
);
-- A person's requests waiting for their signature (cabinet), and the expiry timer: pending rows only.
CREATE INDEX application_cosigners_pending_iin ON application_cosigners (iin, expires_at) WHERE status = 'pending';
CREATE INDEX application_cosigners_pending_expiry ON application_cosigners (expires_at) WHERE status = 'pending';
