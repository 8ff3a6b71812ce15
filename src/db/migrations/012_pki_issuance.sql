-- Issue 8, item 9: issuing a certificate for a person is an audited action, and for a person
-- with an account it needs their SMS one-time code ('certificate' purpose).
--
-- Who issued each certificate and why (NULL issued_by: the system, e.g. demo keystores at
-- seeding). A certificate login with an admin-issued certificate is audited naming the admin.
ALTER TABLE pki_certificates ADD COLUMN issued_by uuid REFERENCES users(id);
ALTER TABLE pki_certificates ADD COLUMN issue_reason text;

-- The person's confirmation of a certificate issued in their name.
ALTER TABLE otp_codes DROP CONSTRAINT IF EXISTS otp_codes_purpose_check;
ALTER TABLE otp_codes ADD CONSTRAINT otp_codes_purpose_check CHECK (purpose IN ('login', 'sign', 'consent', 'certificate'));
