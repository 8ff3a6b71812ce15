-- Issue 8 items 10–12, 16: consents and the signing code.
--
-- A consent given by signing an application exists for that application only: it names it once
-- the application is written; when the application is not written, the consent records the reads
-- it covered and is closed at once (closed_at), never a standing consent.
ALTER TABLE consents ADD COLUMN application_id uuid;
ALTER TABLE consents ADD COLUMN closed_at timestamptz;
-- Consent requests sent per staff member in a time window (the SMS send limit).
CREATE INDEX consents_requester ON consents (requester_id, created_at DESC) WHERE method = 'sms';

-- The submission statement (src/applications/batch.ts) spends the SMS signing code itself; a row
-- whose code it cannot spend (used or expired meanwhile) fails the statement with this error, so
-- nothing of that submission is written. SQLSTATE QZ001 is Qyzmet's own.
CREATE FUNCTION qyzmet_refuse(code text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION '%', code USING ERRCODE = 'QZ001';
END
$$;
