-- Issue 8, item 13: the audit log is append-only and tamper-evident (src/audit/README.md).
--
-- Every audit_log row gets one link in audit_chain, written by the database itself when the
-- inserting transaction commits (a deferred constraint trigger), so no writer can forget it:
--   hash = sha256(prev_hash || canonical bytes of the row, its shard and seq)
-- Links live in SHARDS independent chains (audit_chain_head holds each chain's last seq and
-- hash). At commit a transaction takes a free shard's head row (FOR UPDATE SKIP LOCKED), links all
-- its rows there and keeps the lock until its commit ends: two transactions never chain to the
-- same previous link, while up to SHARDS transactions commit audit rows at once. The lock is taken
-- only at commit, after every other lock of the transaction, so it cannot take part in a deadlock
-- and is held only for the commit itself.
--
-- UPDATE, DELETE and TRUNCATE on audit_log and audit_chain raise, for every role (the table owner
-- and superusers too, unless they disable the triggers — which the chain then shows). On a server
-- with a separate application role, that role also gets only SELECT and INSERT (src/db/roles.ts).

CREATE TABLE audit_chain_head (
  shard  smallint PRIMARY KEY,
  seq    bigint NOT NULL DEFAULT 0,
  hash   bytea NOT NULL
);
-- Sixteen chains (more than the commits usually in flight at once); each starts from 32 zero bytes.
-- A chain is added by inserting a head (the next shard number, seq 0, zero hash): the trigger
-- spreads over all heads it finds.
INSERT INTO audit_chain_head (shard, hash) SELECT s, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea FROM generate_series(0, 15) s;

CREATE TABLE audit_chain (
  shard      smallint NOT NULL,
  seq        bigint NOT NULL,
  audit_id   bigint NOT NULL UNIQUE,
  prev_hash  bytea NOT NULL,
  hash       bytea NOT NULL,
  PRIMARY KEY (shard, seq)
);

-- The bytes a link hashes (after the previous hash). The verifier (src/audit/verify.ts) builds
-- the same bytes on its own from the row's columns: every field as <octet length>:<text>, or '-'
-- for NULL, after a version tag; `at` in UTC with microseconds, `data` as jsonb's own text.
-- A column added to audit_log later needs a new version tag here and in the verifier.
CREATE FUNCTION audit_canonical(s smallint, n bigint, a audit_log) RETURNS bytea LANGUAGE sql STABLE AS $$
  SELECT convert_to('qz-audit-v1'
    || coalesce(octet_length(s::text)::text || ':' || s::text, '-')
    || coalesce(octet_length(n::text)::text || ':' || n::text, '-')
    || coalesce(octet_length(a.id::text)::text || ':' || a.id::text, '-')
    || coalesce(octet_length(to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text || ':' || to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '-')
    || coalesce(octet_length(a.event)::text || ':' || a.event, '-')
    || coalesce(octet_length(a.actor_id::text)::text || ':' || a.actor_id::text, '-')
    || coalesce(octet_length(a.actor_role)::text || ':' || a.actor_role, '-')
    || coalesce(octet_length(a.on_behalf_of::text)::text || ':' || a.on_behalf_of::text, '-')
    || coalesce(octet_length(a.subject_type)::text || ':' || a.subject_type, '-')
    || coalesce(octet_length(a.subject_id)::text || ':' || a.subject_id, '-')
    || coalesce(octet_length(a.correlation_id)::text || ':' || a.correlation_id, '-')
    || coalesce(octet_length(a.reason)::text || ':' || a.reason, '-')
    || coalesce(octet_length(a.data::text)::text || ':' || a.data::text, '-'),
    'UTF8')
$$;

-- Append one row to a shard's chain. The caller holds the head row's lock (FOR UPDATE), so the
-- head read is the current one and no other transaction can move it meanwhile.
CREATE FUNCTION audit_chain_append(s smallint, a audit_log) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h record;
  next bytea;
BEGIN
  SELECT seq, hash INTO h FROM audit_chain_head WHERE shard = s;
  next := sha256(h.hash || audit_canonical(s, h.seq + 1, a));
  INSERT INTO audit_chain (shard, seq, audit_id, prev_hash, hash) VALUES (s, h.seq + 1, a.id, h.hash, next);
  UPDATE audit_chain_head SET seq = h.seq + 1, hash = next WHERE shard = s;
END
$$;

-- The deferred trigger: at commit, the transaction's shard (chosen and locked at its first row,
-- kept for the rest), then the link (the statements of audit_chain_append, inline: one function
-- call less per row). SECURITY DEFINER: it writes audit_chain and the heads with the owner's
-- rights, so the application role needs no privilege on them beyond SELECT.
CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  s smallint := nullif(current_setting('qyzmet.audit_shard', true), '')::smallint;
  h record;
  next bytea;
BEGIN
  IF s IS NULL THEN
    -- The first head no other committing transaction holds, in an order of this connection's own
    -- (so that connections spread over the shards).
    SELECT shard INTO s FROM audit_chain_head ORDER BY hashint4(shard # pg_backend_pid()) LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF s IS NULL THEN
      -- All busy: wait for this connection's first.
      SELECT shard INTO s FROM audit_chain_head ORDER BY hashint4(shard # pg_backend_pid()) LIMIT 1;
      PERFORM 1 FROM audit_chain_head WHERE shard = s FOR UPDATE;
    END IF;
    PERFORM set_config('qyzmet.audit_shard', s::text, true);
  END IF;
  SELECT seq, hash INTO h FROM audit_chain_head WHERE shard = s;
  next := sha256(h.hash || audit_canonical(s, h.seq + 1, NEW));
  INSERT INTO audit_chain (shard, seq, audit_id, prev_hash, hash) VALUES (s, h.seq + 1, NEW.id, h.hash, next);
  UPDATE audit_chain_head SET seq = h.seq + 1, hash = next WHERE shard = s;
  RETURN NULL;
END
$$;

-- Rows written before this migration: chained in id order on shard 0. Writers still running an
-- older version wait for this migration's commit, then their rows are linked by the trigger.
LOCK TABLE audit_log IN EXCLUSIVE MODE;
DO $$
DECLARE a audit_log;
BEGIN
  PERFORM 1 FROM audit_chain_head WHERE shard = 0 FOR UPDATE;
  FOR a IN SELECT * FROM audit_log ORDER BY id LOOP
    PERFORM audit_chain_append(0::smallint, a);
  END LOOP;
END
$$;

CREATE CONSTRAINT TRIGGER audit_log_chain AFTER INSERT ON audit_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_link();

-- Append-only.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'QZ010';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- A head only moves forward one link at a time, and never goes away.
CREATE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.shard <> OLD.shard OR NEW.seq <> OLD.seq + 1 THEN
    RAISE EXCEPTION 'audit chain heads only move forward: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'QZ010';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION audit_head_forward();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- The functions that read tables resolve them in this schema only (never the caller's search_path: the link
-- function runs with the owner's rights), temporary objects last.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION audit_chain_link() SET search_path = %I, pg_temp', current_schema());
  EXECUTE format('ALTER FUNCTION audit_chain_append(smallint, audit_log) SET search_path = %I, pg_temp', current_schema());
END
$$;

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_chain, audit_chain_head FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_chain_link() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_chain_append(smallint, audit_log) FROM PUBLIC;
