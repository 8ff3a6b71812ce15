/**
 * Does this statement write an audit row of `event`? Either writeAudit's own insert (the named
 * statement 'audit_insert', event first) or an action's ledger statement (src/actions/ledger.ts
 * `LedgerBatch`, named 'ledger_…', whose audit rows travel as one JSON array parameter). Tests that
 * make the audit log fail for one event use it to refuse exactly those statements.
 */
export function writesAuditEvent(params: unknown[] | undefined, name: string | undefined, event: string): boolean {
  if (name === 'audit_insert') return params?.[0] === event;
  if (!name?.startsWith('ledger_')) return false;
  return (params ?? []).some((p) => typeof p === 'string' && p.startsWith('[') && p.includes(`"event":${JSON.stringify(event)}`));
}
