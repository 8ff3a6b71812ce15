/**
 * The one action executor (README.md): authorise → validate → allowed now → version →
 * one transaction (the action's own rows, then status, history, audit and outbox by the ledger,
 * held in a `LedgerBatch` and written in one statement).
 */
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { AppError, type FieldIssue } from '../errors/errors.ts';
import type { I18n } from '../registry/types.ts';
import { type ActorRef, type AuditEntry, batchOf, type HistoryReason, LedgerBatch, type OutboxEvent, writeAppPatch, writeAudit, writeHistory, writeOutbox, writeStatus } from './ledger.ts';
import type { ApplicationStatus } from '../registry/types.ts';

/** What an action changed, as data: the executor writes it. */
export interface Effects<R = unknown> {
  /** A status change of an application (checked against the status table). */
  status?: { applicationId: string; from: ApplicationStatus; to: ApplicationStatus; stepId?: string | null; reason?: HistoryReason | null };
  /** History rows without a status change (a step's event: assigned, extended, escalated…). */
  history?: Array<{ applicationId: string; status: ApplicationStatus; stepId?: string | null; reason?: HistoryReason | null }>;
  audit: Array<Omit<AuditEntry, 'actorId' | 'actorRole'>>;
  outbox?: OutboxEvent[];
  /** Bump this application's version (optimistic concurrency). */
  bumpVersion?: string;
  result: R;
}

export interface ActionSpec<S, B, R> {
  name: string;
  body: z.ZodType<B>;
  /** Load and lock the subject (FOR UPDATE); null → 404. */
  load: (q: Queryable, ctx: AppContext, id: string) => Promise<S | null>;
  /** Throws 403 (role, organisation, assignment); may return the actor as they act here (in the task's role). */
  authorise: (actor: ActorRef, s: S) => ActorRef | void;
  /** Throws 409 ACTION_NOT_ALLOWED when the subject's status/step does not offer the action. */
  allowed: (s: S, actor: ActorRef) => void;
  /** The subject's version, for optimistic concurrency when the body carries `version`. */
  version?: (s: S) => number;
  /**
   * Work that must not hold the transaction (a signature's verification reads revocation data
   * through its own connection): run before it, on an unlocked read; `apply` gets its result
   * as `prepared` and re-checks what it relied on under the lock.
   */
  prepare?: (a: { ctx: AppContext; actor: ActorRef; subjectId: string; body: unknown }) => Promise<unknown>;
  apply: (a: { ctx: AppContext; q: Queryable; actor: ActorRef; subject: S; body: B; now: Date; correlationId: string | null; prepared?: unknown }) => Promise<Effects<R>>;
}

const ISSUE_TEXT: Record<string, I18n> = {
  required: { kk: 'Міндетті өріс.', ru: 'Обязательное поле.', en: 'Required field.' },
  unknown: { kk: 'Белгісіз өріс.', ru: 'Неизвестное поле.', en: 'Unknown field.' },
  invalid: { kk: 'Мән қате.', ru: 'Неверное значение.', en: 'Invalid value.' },
};

/** A zod failure as the API's field issues (path `/a/b`, code, kk/ru/en). */
export function bodyIssues(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const i of error.issues) {
    const path = `/${i.path.map(String).join('/')}`.replace(/\/$/, '') || '/';
    if (i.code === 'unrecognized_keys') {
      for (const k of (i as { keys?: string[] }).keys ?? []) out.push({ path: `${path === '/' ? '' : path}/${k}`, code: 'UNKNOWN_FIELD', message: ISSUE_TEXT.unknown as I18n });
      continue;
    }
    const missing = i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined;
    out.push({ path, code: missing ? 'REQUIRED' : i.code.toUpperCase(), message: (missing ? ISSUE_TEXT.required : ISSUE_TEXT.invalid) as I18n });
  }
  return out;
}

export function parseBody<B>(schema: z.ZodType<B>, body: unknown): B {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const errors = bodyIssues(r.error);
    throw new AppError('VALIDATION_FAILED', { errors, path: errors[0]?.path });
  }
  return r.data;
}

/**
 * Run one action. `within`: an open transaction to run in (a timer's sweep, the submission's
 * follow-up); otherwise the executor opens its own.
 */
export async function execute<S, B, R>(
  ctx: AppContext,
  spec: ActionSpec<S, B, R>,
  input: { actor: ActorRef; subjectId: string; body: unknown; correlationId?: string | null; now?: Date },
  within?: Queryable,
): Promise<R> {
  const prepared = spec.prepare ? await spec.prepare({ ctx, actor: input.actor, subjectId: input.subjectId, body: input.body }) : undefined;
  const run = async (tx: Queryable): Promise<R> => {
    // The action's connection is a ledger batch: its writes and the ledger's go out together, in
    // one statement at the end (or before any other statement it sends), not one round trip each.
    const own = batchOf(tx) ? null : new LedgerBatch(tx);
    const q = own ?? tx;
    const subject = await spec.load(q, ctx, input.subjectId);
    if (!subject) throw new AppError('NOT_FOUND');
    const actor = spec.authorise(input.actor, subject) ?? input.actor;
    const body = parseBody(spec.body, input.body);
    spec.allowed(subject, actor);
    if (spec.version) {
      const v = (body as { version?: unknown }).version;
      if (typeof v === 'number' && v !== spec.version(subject)) throw new AppError('STALE_VERSION', { path: '/version', details: { current: spec.version(subject) } });
    }
    const fx = await spec.apply({ ctx, q, actor, subject, body, now: input.now ?? new Date(), correlationId: input.correlationId ?? null, prepared });
    if (fx.status) await writeStatus(q, { ...fx.status, actor, correlationId: input.correlationId ?? null });
    for (const h of fx.history ?? []) await writeHistory(q, { applicationId: h.applicationId, actor, from: h.status, to: h.status, stepId: h.stepId ?? null, reason: h.reason ?? null });
    for (const a of fx.audit) await writeAudit(q, { ...a, actorId: actor.id, actorRole: actor.role, correlationId: a.correlationId ?? input.correlationId ?? null });
    if (fx.outbox?.length) await writeOutbox(q, fx.outbox);
    if (fx.bumpVersion) await writeAppPatch(q, fx.bumpVersion, { bump: true });
    await own?.flush();
    return fx.result;
  };
  return within ? run(within) : ctx.db.tx(run);
}
