/**
 * Session revocations reach every process at once. The revoking transaction sends a NOTIFY on
 * SESSION_CHANNEL (accounts.ts); each process listens on a dedicated connection, evicts from its
 * session cache, and acknowledges on SESSION_ACK_CHANNEL with its listener's server pid, so the
 * revoking process can answer only once every listening process has evicted. Until the listener
 * is up, and whenever it is down, the cache is suspended (every request looks its session up),
 * so a missed notification is never a stale session. PGlite (one process) delivers the
 * notification back to the same process.
 */
import type { Db } from '../db/db.ts';
import { SESSION_ACK_CHANNEL, SESSION_CHANNEL, SESSION_LISTENER_NAME, type SessionCache } from './accounts.ts';

export async function watchSessionRevocations(db: Db, cache: SessionCache): Promise<() => Promise<void>> {
  let pid: number | null = null;
  cache.suspend();
  return db.listen(
    [SESSION_CHANNEL, SESSION_ACK_CHANNEL],
    (channel, payload) => {
      if (channel === SESSION_CHANNEL) {
        cache.revoked(payload);
        if (pid !== null) void db.query('SELECT pg_notify($1, $2)', [SESSION_ACK_CHANNEL, `${pid} ${payload}`]).catch(() => {});
        return;
      }
      const sp = payload.indexOf(' ');
      if (sp > 0) cache.acked(Number(payload.slice(0, sp)), payload.slice(sp + 1));
    },
    {
      name: SESSION_LISTENER_NAME,
      onState: (up, p) => {
        pid = up ? p : null;
        if (up) cache.resume();
        else cache.suspend();
      },
    },
  );
}
