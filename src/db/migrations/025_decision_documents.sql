-- Issue 10 (result documents wired into the back office, src/tasks/README.md): a decision's
-- document. Approve / refuse prepare the PDF (src/documents) in the action's transaction; the head
-- signs its bytes. A decision prepared again points to its new document (the old one is revoked as
-- superseded, so a draft someone kept verifies as revoked, never as valid).
ALTER TABLE application_decisions ADD COLUMN document_number text REFERENCES documents(number);

-- The seal of an organisation's information system (src/documents/seal.ts): the SIGN keystore with
-- which results decided at once by the system (the address reference) are signed. Issued by the
-- deployment's CA on first use; the PKCS#12 is protected by the CA secret. One per organisation.
CREATE TABLE document_seals (
  org_id      text PRIMARY KEY,
  serial      text NOT NULL REFERENCES pki_certificates(serial),
  pkcs12      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A seal certificate names an information system, not a person: it has no IIN.
ALTER TABLE pki_certificates ALTER COLUMN subject_iin DROP NOT NULL;
