/**
 * Production roles on PostgreSQL: an owner role owns the schema and runs the migrations; the
 * server connects as an application role that may change the application's tables but may only
 * read and append to the audit log (issue 8, item 13). `grantAppRole` gives that role its rights
 * on every table of the current schema; run it after every migration (`npm run db:migrate --
 * --app-role NAME` does both), so tables added later are covered too.
 *
 * The audit chain (audit_chain, audit_chain_head) is written only by the owner's SECURITY DEFINER
 * trigger function at commit: the application role gets SELECT on it and nothing else.
 */
import type { Queryable } from './db.ts';

const AUDIT_TABLES = ['audit_log', 'audit_chain', 'audit_chain_head'];

/** A plain role name (no quoting games): letters, digits, underscore. */
export function isRoleName(s: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(s);
}

export async function grantAppRole(q: Queryable, role: string): Promise<void> {
  if (!isRoleName(role)) throw new Error(`not a plain role name: ${role}`);
  const { rows } = await q.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = rows[0]!.schema;
  const s = `"${schema.replace(/"/g, '""')}"`;
  await q.exec(
    [
      `GRANT USAGE ON SCHEMA ${s} TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`,
      `REVOKE ALL ON ${AUDIT_TABLES.map((t) => `${s}.${t}`).join(', ')} FROM ${role}`,
      `GRANT SELECT, INSERT ON ${s}.audit_log TO ${role}`,
      `GRANT SELECT ON ${s}.audit_chain, ${s}.audit_chain_head TO ${role}`,
    ].join(';\n'),
  );
}
