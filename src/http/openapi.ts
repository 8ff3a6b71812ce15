/**
 * The OpenAPI document without a server: the app is built (demo routes included) on a context
 * that holds only the configuration — no route handler runs, so no database is opened.
 * `npm run gen:api` turns it into the web's API types (web/src/shared/api-types.ts).
 */
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { buildApp } from './app.ts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const ctx = { config: { ...loadConfig({}), demo: true, workers: false } } as unknown as AppContext;
  const app = await buildApp(ctx);
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
