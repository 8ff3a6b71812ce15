-- Issue 9 item 7 (benchmarks). 1. A job enqueued for now wakes the workers at once instead of waiting for their
-- next poll (src/jobs/README.md, "Waking up"). Every writer of jobs is covered — enqueue(), the
-- action pipeline's outbox, the set-based inserts of the submission batch and of gateway/async.ts —
-- because the database sends the wake-up itself: one NOTIFY per inserting statement that has a row
-- due now. NOTIFY is delivered when the transaction commits, so a worker never wakes for a job it
-- cannot see yet, and never for one that rolled back; identical notifications of one transaction
-- are folded into one. Jobs for later (a retry's backoff, a delay) wake nobody: the poll finds them.
CREATE FUNCTION jobs_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM jobs_new WHERE run_at <= now()) THEN
    PERFORM pg_notify('qyzmet_jobs', '');
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_wake AFTER INSERT ON jobs REFERENCING NEW TABLE AS jobs_new
  FOR EACH STATEMENT EXECUTE FUNCTION jobs_wake();

-- 2. The head's inbox branch of escalated tasks (src/tasks/tasks.ts `inbox`): without an index of
-- its own it read every open task of the organisation to find the few escalated ones (5,000 heap
-- pages per query at 1,000,000 tasks over 200 organisations: the inbox's p99). Only escalated
-- open tasks are in this one, in the inbox's order, so the branch reads one page of it.
CREATE INDEX tasks_escalated ON tasks (org_id, due_at, id) WHERE state <> 'closed' AND escalated_at IS NOT NULL;
