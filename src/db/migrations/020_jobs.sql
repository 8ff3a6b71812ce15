-- Issue 9 item 4: jobs with one lease per job, owned completion, a failed state and a dedup key
-- (src/jobs/README.md).
--
-- state: pending (waits for run_at) → running (leased: lease_token, locked_until) → done, or back
-- to pending for a retry, or failed after the last attempt (or at once for a payload that does not
-- parse). Only the worker holding lease_token may finish, reschedule or fail a running job.
-- Existing writers (the group-commit CTE of src/applications/batch.ts, gateway/async.ts) insert
-- (kind, payload[, run_at]) only: every new column has a default.
ALTER TABLE jobs
  ADD COLUMN state       text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  ADD COLUMN lease_token uuid,
  ADD COLUMN dedup_key   text,
  ADD COLUMN created_at  timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN started_at  timestamptz,
  ADD COLUMN failed_at   timestamptz;

-- Before: a job that gave up had done_at and last_error set (success cleared last_error).
UPDATE jobs SET state = 'failed', failed_at = done_at, done_at = NULL WHERE done_at IS NOT NULL AND last_error IS NOT NULL;
UPDATE jobs SET state = 'done' WHERE done_at IS NOT NULL;
UPDATE jobs SET locked_until = NULL WHERE state = 'pending';

ALTER TABLE jobs
  ADD CONSTRAINT jobs_state_fields CHECK (
    (state = 'running') = (lease_token IS NOT NULL AND locked_until IS NOT NULL)
    AND (state = 'done') = (done_at IS NOT NULL)
    AND (state = 'failed') = (failed_at IS NOT NULL)
  );

DROP INDEX jobs_due;
-- Claims: due pending jobs in order, and running jobs whose lease has run out (a takeover).
CREATE INDEX jobs_pending ON jobs (run_at, id) WHERE state = 'pending';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE state = 'running';
-- The admin's list of failed jobs, newest first.
CREATE INDEX jobs_failed ON jobs (failed_at DESC, id DESC) WHERE state = 'failed';
-- At most one open job per (kind, dedup_key): enqueueing a duplicate returns the open one.
CREATE UNIQUE INDEX jobs_dedup ON jobs (kind, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('pending', 'running');
