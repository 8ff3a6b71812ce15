-- Consent has its own one-time code (its SMS says who asks, for which data and why),
-- no longer a "signing code".
ALTER TABLE otp_codes DROP CONSTRAINT IF EXISTS otp_codes_purpose_check;
ALTER TABLE otp_codes ADD CONSTRAINT otp_codes_purpose_check CHECK (purpose IN ('login', 'sign', 'consent'));
