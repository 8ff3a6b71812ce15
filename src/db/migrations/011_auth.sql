-- Issue 8 items 4, 5, 14, 16: attempt limits that hold under concurrency, sessions that end
-- everywhere, password recovery, limits on issuing SMS codes.
--
-- Password attempts are counted per IIN, whether or not an account has that IIN, so the answers
-- (and the lockout after MAX attempts) are the same for both and do not tell which IINs have
-- accounts. An attempt is counted by one conditional statement BEFORE the password is compared
-- (src/accounts/accounts.ts): however many arrive at once, on however many processes, no more
-- than the limit are ever compared. The row is deleted on a successful sign-in.
CREATE TABLE login_attempts (
  iin           char(12) PRIMARY KEY,
  attempts      integer NOT NULL,            -- counted since the last success or the end of the last lock
  locked_until  timestamptz,                 -- set by the attempt that reaches the limit
  updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO login_attempts (iin, attempts, locked_until)
SELECT iin, failed_logins, locked_until FROM users WHERE failed_logins > 0 OR locked_until > now();
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
