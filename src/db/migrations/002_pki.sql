-- PKI for EDS (electronic digital signatures): the certification authority of a
-- non-production deployment and the certificates it issued. Runs unchanged on
-- PostgreSQL 15+ and PGlite.

-- The CA key pairs. Private keys are stored only as password-encrypted PKCS#8
-- (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) under PKI_CA_SECRET; see src/pki/README.md.
CREATE TABLE pki_ca (
  name             text PRIMARY KEY CHECK (name IN ('root', 'issuing')),
  key_id           text NOT NULL UNIQUE,      -- subjectKeyIdentifier, hex
  certificate_pem  text NOT NULL,
  private_key_pem  text NOT NULL,             -- -----BEGIN ENCRYPTED PRIVATE KEY-----
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pki_certificates (
  serial             text PRIMARY KEY,        -- lower-case hex, no leading zero bytes
  ca_key_id          text NOT NULL,           -- key id of the issuing CA that signed it
  subject_iin        char(12) NOT NULL,
  subject_bin        char(12),
  subject_dn         text NOT NULL,
  usage              text NOT NULL CHECK (usage IN ('auth', 'sign')),
  algorithm          text NOT NULL CHECK (algorithm IN ('rsa', 'ecdsa')),
  not_before         timestamptz NOT NULL,
  not_after          timestamptz NOT NULL,
  pem                text NOT NULL,
  issued_at          timestamptz NOT NULL DEFAULT now(),
  revoked_at         timestamptz,
  revocation_reason  text CHECK (revocation_reason IN ('unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged',
                       'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'aACompromise')),
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE INDEX pki_certificates_iin ON pki_certificates (subject_iin);
CREATE INDEX pki_certificates_revoked ON pki_certificates (ca_key_id, revoked_at) WHERE revoked_at IS NOT NULL;

-- CRL numbers are monotonic across all server processes.
CREATE SEQUENCE pki_crl_number_seq;
