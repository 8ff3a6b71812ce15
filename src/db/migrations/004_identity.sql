-- Identity (issue 4): certificate login challenges, SMS one-time codes, signatures of
-- applications, the SMS outbox, and demo keystores.

-- Accounts that require a second factor after the password (SMS one-time code).
ALTER TABLE users ADD COLUMN mfa_sms boolean NOT NULL DEFAULT false;

-- Single-use challenges for certificate login; a used or expired challenge is refused.
CREATE TABLE auth_challenges (
  id          uuid PRIMARY KEY,
  challenge   bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX auth_challenges_expiry ON auth_challenges (expires_at);

-- One-time codes: stored only as a hash; bound to a purpose and, for signing, to the hash of
-- the exact bytes being confirmed.
CREATE TABLE otp_codes (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id),
  purpose     text NOT NULL CHECK (purpose IN ('login', 'sign')),
  bound_hash  text,
  code_hash   bytea NOT NULL,
  phone       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  used_at     timestamptz
);
CREATE INDEX otp_codes_user ON otp_codes (user_id, created_at DESC);

-- The applicant's signature of an application, kept with it as evidence.
CREATE TABLE application_signatures (
  application_id  uuid PRIMARY KEY REFERENCES applications(id),
  method          text NOT NULL CHECK (method IN ('eds', 'sms')),
  payload_sha256  text NOT NULL,
  cms             bytea,
  signer_serial   text,
  signer_iin      char(12) NOT NULL,
  otp_id          uuid,
  signed_at       timestamptz NOT NULL DEFAULT now()
);

-- Text messages handed to the SMS connector (the simulated operator delivers them at once).
CREATE TABLE sms_outbox (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone         text NOT NULL,
  body          text NOT NULL,
  purpose       text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz
);
CREATE INDEX sms_outbox_phone ON sms_outbox (phone, id DESC);

-- Demo mode: every demo person gets AUTH and SIGN keystores, downloadable from the login page.
CREATE TABLE demo_keystores (
  iin       char(12) NOT NULL,
  usage     text NOT NULL CHECK (usage IN ('auth', 'sign')),
  serial    text NOT NULL,
  pkcs12    bytea NOT NULL,
  PRIMARY KEY (iin, usage)
);
