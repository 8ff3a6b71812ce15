import type { WorkCalendar } from './calendar/calendar.ts';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import type { Registry } from './registry/registry.ts';

/** Everything a request handler or worker needs; built once per process in main.ts (or per test). */
export interface AppContext {
  config: Config;
  db: Db;
  registry: Registry;
  calendar: WorkCalendar;
}
