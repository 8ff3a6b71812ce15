-- Issue 8 item 14: password recovery by an SMS code to the account's phone (src/accounts/recovery.ts).
--
-- A recovery request is answered the same way whether or not the IIN has an account (or a phone):
-- every request gets a row here and an opaque id; only a row with `otp_id` can ever succeed. Wrong
-- codes are counted on the SMS code (otp_codes.attempts) when there is one, otherwise on the row
-- itself with the same limit, so the answers to guesses do not tell the two apart either. Requests
-- per IIN are limited by counting these rows (with or without an account).
CREATE TABLE password_recoveries (
  id          uuid PRIMARY KEY,
  iin         char(12) NOT NULL,
  user_id     uuid REFERENCES users(id),       -- null: no account with this IIN
  otp_id      uuid REFERENCES otp_codes(id),   -- the code sent; null: nothing was sent (no account, no phone)
  attempts    integer NOT NULL DEFAULT 0,      -- wrong codes on a row without a code
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX password_recoveries_iin ON password_recoveries (iin, created_at DESC);
