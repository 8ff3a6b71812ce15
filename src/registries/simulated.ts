/**
 * Builds a gateway Connector for an in-process simulated state system: each service
 * validates its request (zod; a malformed request is REJECTED, like a real system's
 * schema check), then runs its handler against the system's own tables — through the
 * caller's transaction when one was passed to the gateway (see SendMeta.tx), else on the
 * system's database handle.
 */
import type { z } from 'zod';
import type { Db, Queryable } from '../db/db.ts';
import type { Connector, ConnectorReply, ServiceSpec } from '../gateway/types.ts';
import type { I18n } from '../registry/types.ts';
import type { RegistryCatalogue, SystemId } from './catalogue.ts';

export interface SimService<Req, Res> {
  idempotent: boolean;
  schema: z.ZodType<Req>;
  /** Whose personal data the request touches (for the call log). */
  subject?: (req: Req) => string | null;
  handle(req: Req, q: Queryable, signal: AbortSignal): Promise<ConnectorReply<Res>>;
}

export type SimServices<S extends SystemId> = {
  [K in keyof RegistryCatalogue[S]]: RegistryCatalogue[S][K] extends { req: infer Q; res: infer R } ? SimService<Q, R> : never;
};

export const ok = <T>(data: T): ConnectorReply<T> => ({ status: 'OK', data });
export const notFound = <T = never>(reason: string, message?: I18n): ConnectorReply<T> => ({ status: 'NOT_FOUND', reason, ...(message ? { message } : {}) });

export function simulatedConnector<S extends SystemId>(systemId: S, title: I18n, db: Db, services: SimServices<S>): Connector {
  const table = services as unknown as Record<string, SimService<unknown, unknown>>;
  const specs: Record<string, ServiceSpec> = {};
  for (const [id, s] of Object.entries(table)) {
    specs[id] = {
      idempotent: s.idempotent,
      // Cheap on purpose (no schema parse): the gateway keeps the value only if it is a 12-digit IIN.
      ...(s.subject ? { subject: (data: unknown) => (data && typeof data === 'object' ? (s.subject?.(data) ?? null) : null) } : {}),
    };
  }
  return {
    systemId,
    title,
    services: specs,
    async call(request, ctx) {
      const s = table[request.requestInfo.serviceId];
      if (!s) return { status: 'REJECTED', reason: `unknown service ${request.requestInfo.serviceId}` };
      const parsed = s.schema.safeParse(request.requestData.data);
      if (!parsed.success)
        return { status: 'REJECTED', reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
      if (ctx.signal.aborted) throw ctx.signal.reason;
      return s.handle(parsed.data, ctx.tx ?? db, ctx.signal);
    },
  };
}
