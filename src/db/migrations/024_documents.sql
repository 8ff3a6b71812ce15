-- Issue 10 item 1: the result documents (src/documents/README.md). One row per document: the PDF
-- bytes the official signs, their SHA-256, the CMS over them (NULL until signed), and whether the
-- document still stands (revoked: replaced by a corrected one, with the reason).

-- The serial part of the document numbers (KZ-DOC-YY-NNNNNNNN-C, src/documents/number.ts).
CREATE SEQUENCE document_numbers;

CREATE TABLE documents (
  number             text PRIMARY KEY,
  application_id     uuid NOT NULL REFERENCES applications(id),
  kind               text NOT NULL CHECK (kind IN ('result', 'refusal')),
  template           text NOT NULL,
  service_code       text NOT NULL,
  service_version    integer NOT NULL,
  org_id             text NOT NULL,
  issued_at          timestamptz NOT NULL,
  issuer_name        jsonb NOT NULL,           -- { kk, ru, en } of the issuing organisation, as printed
  official           text NOT NULL,            -- the official's name, as printed (the CMS signer)
  official_iin       char(12),                 -- when known: the signature must be theirs
  sha256             text NOT NULL,            -- hex, of pdf
  pdf                bytea NOT NULL,
  cms                bytea,                    -- detached CMS over pdf, once the pipeline verified it
  signer_serial      text,
  signed_at          timestamptz,
  status             text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
  revoked_at         timestamptz,
  revocation_reason  text,
  replaced_by        text REFERENCES documents(number),
  CHECK ((cms IS NULL) = (signed_at IS NULL)),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
  CHECK (replaced_by IS NULL OR replaced_by <> number)
);
-- An application's documents (the cabinet, the task page).
CREATE INDEX documents_application ON documents (application_id, issued_at);
