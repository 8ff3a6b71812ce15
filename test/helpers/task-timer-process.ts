/**
 * One server process of test/tasks-two-processes.test.ts: the real task timers
 * (src/tasks/timers.ts, through the action pipeline) on DATABASE_URL. Says {type:'ready'},
 * sweeps on {type:'go'} until no open task is left unwarned or unescalated, then says
 * {type:'finished', pid, fired} and exits.
 */
import { loadCalendar } from '../../src/calendar/calendar.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { openPostgres } from '../../src/db/db.ts';
import { loadRegistry } from '../../src/registry/registry.ts';
import { sweepTaskTimers } from '../../src/tasks/timers.ts';
import { onMessages, tell } from './processes.ts';

const config = loadConfig({});
const db = await openPostgres(process.env.DATABASE_URL!, 4);
const ctx = { config, db, registry: await loadRegistry(config.servicesDir), calendar: await loadCalendar(config.calendarFile) } as unknown as AppContext;
const left = async () =>
  (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM tasks WHERE state = 'open' AND (warned_at IS NULL OR escalated_at IS NULL)")).rows[0]!.n;

onMessages(async (m) => {
  if (m.type !== 'go') return;
  let fired = 0;
  while ((await left()) > 0) fired += await sweepTaskTimers(ctx);
  tell({ type: 'finished', pid: process.pid, fired });
  await db.close();
  process.exit(0);
});
tell({ type: 'ready' });
