-- Issue 8, item 16: issuing SMS codes is rate-limited per person, per phone and per client.
-- The limits are counted over otp_codes itself (every issued code is a row), so they hold
-- across processes; issuing serialises per phone and per client with advisory locks.
ALTER TABLE otp_codes ADD COLUMN client text;
CREATE INDEX otp_codes_phone ON otp_codes (phone, created_at DESC);
CREATE INDEX otp_codes_client ON otp_codes (client, created_at DESC) WHERE client IS NOT NULL;

-- Password recovery by an SMS code to the account's phone.
ALTER TABLE otp_codes DROP CONSTRAINT IF EXISTS otp_codes_purpose_check;
ALTER TABLE otp_codes ADD CONSTRAINT otp_codes_purpose_check CHECK (purpose IN ('login', 'sign', 'consent', 'certificate', 'recovery'));
