-- Issue 9, item 3: organisations as data and the case model.
--
-- Organisations come from organisations/*.yaml (src/organisations/), mirrored here at start like
-- service_versions. One removed from the files stays (applications and staff name it), marked
-- retired. No foreign keys from users.org_id or applications.provider_org / intake_org: the
-- submission statement is the hot path (see the note on applications in 001), and the loader
-- checks the files.
CREATE TABLE organisations (
  id            text PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('provider', 'centre', 'akimat', 'quality-authority', 'operator')),
  name          jsonb NOT NULL,                 -- { kk, ru, en }
  region        text,                           -- null: republican jurisdiction
  district      text,
  parent_id     text,
  provides      jsonb NOT NULL DEFAULT '[]',     -- [{ service, when? }]
  front_office  jsonb NOT NULL DEFAULT '[]',     -- service codes, or "all"
  hours         jsonb,
  definition    jsonb NOT NULL,                 -- the organisation as loaded
  content_hash  text NOT NULL,
  loaded_at     timestamptz NOT NULL DEFAULT now(),
  retired_at    timestamptz
);

-- The case model: the applicant (the person the application is for; an account only if they have
-- one), who submitted it (the applicant on the portal; a centre operator, a provider clerk or an
-- akimat officer at a front office), a representative with their power of attorney, and the
-- intake branch (the operator's organisation).
ALTER TABLE applications ALTER COLUMN applicant_id DROP NOT NULL;
ALTER TABLE applications
  ADD COLUMN submitted_by        uuid,
  ADD COLUMN submitter_role      text,
  ADD COLUMN representative_iin  char(12),
  -- { number, date, notary, checkedInRegistry }
  ADD COLUMN power_of_attorney   jsonb,
  ADD COLUMN intake_org          text;
UPDATE applications SET submitted_by = applicant_id,
       submitter_role = CASE channel WHEN 'portal' THEN 'citizen' ELSE 'centre-operator' END
 WHERE submitted_by IS NULL;
