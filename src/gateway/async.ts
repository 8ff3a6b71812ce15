/**
 * The gateway's asynchronous variant (kz-facts §7), for requests whose answer may take
 * long (a request to another body, a registry that answers in batches):
 *
 *   const { messageId, correlationId } = await sendMessage(ctx.gateway, tx, 'civil', 'findActs', data, meta);
 *   …later, any process:  getMessageStatus(q, messageId)   → queued | answered | failed
 *                         getMessages(q, 'qyzmet-provider') → RESPONSE / NOTIFICATION messages not yet acknowledged
 *                         sendDeliveryNotification(q, 'qyzmet-provider', responseMessageId)
 *
 * sendMessage writes the REQUEST and its `gateway.deliver` job in the caller's transaction
 * (outbox): nothing is sent if the caller's work rolls back, and a request acknowledged to
 * the caller survives a crash. The job (any process) claims it, sends it through the
 * synchronous path — breaker, faults, timeout, retries of idempotent queries, call log —
 * outside any transaction, and files the answer as a RESPONSE in the sender's inbox. While the
 * system is unavailable a query waits and is tried again with backoff (`DELIVERY`); a write
 * that may have reached the system is never sent twice. After the last attempt (or at once for
 * such a write) the request fails and the inbox gets a NOTIFICATION with response code FAILED.
 * A REJECTED request is answered at once (never retried).
 */
import type { Queryable } from '../db/db.ts';
import type { I18n } from '../registry/types.ts';
import { GATEWAY_ERRORS, GatewayError } from './errors.ts';
import type { Gateway } from './gateway.ts';
import { messageId as newMessageId } from './message-id.ts';
import type { MessageType, RequestOf, SendMeta, ServiceIdOf } from './types.ts';

export const DELIVERY = {
  /** Attempts (each itself up to 1 + retries calls for idempotent queries) before the request fails. */
  maxAttempts: 6,
  /** Wait before attempt n+1: min(max, base·4^(n−1)), at least the circuit's retry-after. */
  backoffBaseMs: 5_000,
  backoffMaxMs: 15 * 60_000,
};

/** A queued request carries a stored consent id or a law, not an in-memory grant. */
export type AsyncMeta = Omit<SendMeta, 'tx' | 'sessionId' | 'grant' | 'relative' | 'self'>;

export type ResponseCode = 'OK' | 'NOT_FOUND' | 'REJECTED' | 'FAILED';

/** A message as the asynchronous gateway hands it over: messageInfo + messageData. */
export interface AsyncMessage<T = unknown> {
  messageInfo: {
    messageId: string;
    correlationId: string;
    /** The REQUEST this answers. */
    inReplyTo: string | null;
    serviceId: string;
    systemId: string;
    messageType: MessageType;
    messageDate: string;
    sender: { senderId: string };
  };
  status: { code: ResponseCode; message?: I18n; reason?: string };
  messageData: { data: T | null };
}

export interface MessageStatus {
  messageId: string;
  correlationId: string;
  systemId: string;
  serviceId: string;
  status: 'queued' | 'answered' | 'failed';
  attempts: number;
  lastError: string | null;
  /** The RESPONSE or NOTIFICATION that closed the request. */
  responseMessageId: string | null;
  responseCode: ResponseCode | null;
  createdAt: string;
  updatedAt: string;
}

/** Queue a request; returns at once. Write it in the transaction of the work it belongs to. */
export async function sendMessage<S extends string, V extends ServiceIdOf<S>>(
  gateway: Gateway,
  q: Queryable,
  systemId: S,
  serviceId: V,
  data: RequestOf<S, V>,
  meta: AsyncMeta,
): Promise<{ messageId: string; correlationId: string }> {
  const conn = gateway.connector(systemId);
  if (!conn) throw new Error(`gateway: no connector "${systemId}"`);
  if (!conn.services[serviceId]) throw new Error(`gateway: system "${systemId}" has no service "${serviceId}"`);
  if (!meta?.sender) throw new TypeError('gateway.sendMessage: meta.sender is required');
  if (!meta.purpose) throw new TypeError('gateway.sendMessage: meta.purpose is required');
  const messageId = newMessageId();
  const correlationId = meta.correlationId ?? messageId;
  const stored = {
    purpose: meta.purpose,
    ...(meta.subjectIin ? { subjectIin: meta.subjectIin } : {}),
    ...(meta.consentId ? { consentId: meta.consentId } : {}),
    ...(meta.actorId ? { actorId: meta.actorId } : {}),
    ...(meta.legalBasis ? { legalBasis: meta.legalBasis } : {}),
  };
  await q.query(
    `WITH m AS (
       INSERT INTO gateway_messages (message_id, correlation_id, message_type, direction, system_id, service_id, sender_id, status, meta, data)
       VALUES ($1, $2, 'REQUEST', 'out', $3, $4, $5, 'queued', $6::jsonb, $7::jsonb) RETURNING message_id)
     INSERT INTO jobs (kind, payload) SELECT 'gateway.deliver', jsonb_build_object('messageId', message_id) FROM m`,
    [messageId, correlationId, systemId, serviceId, meta.sender, JSON.stringify(stored), JSON.stringify(data ?? null)],
  );
  return { messageId, correlationId };
}

interface RequestRow {
  message_id: string;
  correlation_id: string;
  system_id: string;
  service_id: string;
  sender_id: string;
  meta: Record<string, string>;
  data: unknown;
  attempts: number;
}

/** Backoff before attempt `attempt + 1`. */
export function deliveryBackoffMs(attempt: number, retryAfterMs = 0): number {
  return Math.max(retryAfterMs, Math.min(DELIVERY.backoffMaxMs, DELIVERY.backoffBaseMs * 4 ** (attempt - 1)));
}

/** How long a claimed request is left to its worker before another may take it (longer than any send). */
const CLAIM_SECONDS = 300;

/**
 * The `gateway.deliver` job: one delivery attempt of a queued REQUEST. It runs outside any
 * transaction so that no connection or lock is held while the state system answers (on
 * PGlite, with one connection, everything else would wait): the request is claimed by one
 * statement (attempts + 1, claimed for CLAIM_SECONDS — a second worker skips it), sent, and
 * its outcome recorded by one statement that only applies while it is still queued.
 * Returns what happened (for tests and logs).
 */
export async function deliverMessage(gateway: Gateway, db: Queryable, messageId: string): Promise<'answered' | 'retry' | 'failed' | 'skipped'> {
  const row = (
    await db.query<RequestRow>(
      `UPDATE gateway_messages SET attempts = attempts + 1, claimed_until = now() + make_interval(secs => $2), updated_at = now()
        WHERE message_id = $1 AND direction = 'out' AND status = 'queued' AND (claimed_until IS NULL OR claimed_until < now())
        RETURNING message_id, correlation_id, system_id, service_id, sender_id, meta, data, attempts`,
      [messageId, CLAIM_SECONDS],
    )
  ).rows[0];
  if (!row) return 'skipped'; // answered already, or another worker holds it
  const attempt = row.attempts;
  const answer = (type: MessageType, code: ResponseCode, data: unknown, requestStatus: 'answered' | 'failed', lastError: string | null) =>
    db.query(
      `WITH r AS (
         UPDATE gateway_messages SET status = $3, response_code = $4, last_error = $5, claimed_until = NULL, updated_at = now()
          WHERE message_id = $1 AND status = 'queued' RETURNING message_id, correlation_id, system_id, service_id, sender_id, meta)
       INSERT INTO gateway_messages (message_id, correlation_id, in_reply_to, message_type, direction, system_id, service_id, sender_id, status, response_code, meta, data)
       SELECT $2, correlation_id, message_id, $6, 'in', system_id, service_id, sender_id, 'new', $4, meta, $7::jsonb FROM r`,
      [row.message_id, newMessageId(), requestStatus, code, lastError, type, JSON.stringify(data ?? null)],
    );
  const fail = (code: string, message: I18n, lastError: string) => answer('NOTIFICATION', 'FAILED', { code, message, attempts: attempt }, 'failed', lastError);

  let r: Awaited<ReturnType<Gateway['send']>>;
  try {
    r = await gateway.send(row.system_id, row.service_id as never, row.data as never, {
      sender: row.sender_id,
      purpose: row.meta.purpose ?? 'async',
      correlationId: row.correlation_id,
      subjectIin: row.meta.subjectIin ?? null,
      consentId: row.meta.consentId ?? null,
      actorId: row.meta.actorId ?? null,
      ...(row.meta.legalBasis ? { legalBasis: row.meta.legalBasis } : {}),
    });
  } catch (e) {
    if (!(e instanceof GatewayError)) {
      // A bug or the database: release the claim and let the job worker retry — unless this was the last attempt.
      if (attempt >= DELIVERY.maxAttempts) {
        await fail('GATEWAY_ERROR', GATEWAY_ERRORS.GATEWAY_ERROR[1], String((e as Error)?.message ?? e).slice(0, 500));
        return 'failed';
      }
      await db.query('UPDATE gateway_messages SET claimed_until = NULL WHERE message_id = $1', [row.message_id]);
      throw e;
    }
    const lastError = `${e.gatewayCode}${e.details.reason ? `: ${e.details.reason}` : ''}`.slice(0, 500);
    if (e.gatewayCode === 'GATEWAY_REJECTED' || e.gatewayCode === 'CONSENT_REQUIRED') {
      // Refused by the state system, or never sent for want of consent: an answer, not retried.
      await answer('RESPONSE', 'REJECTED', { reason: e.details.reason ?? e.gatewayCode, message: GATEWAY_ERRORS[e.gatewayCode][1] }, 'answered', lastError);
      return 'answered';
    }
    // A write that may have reached the system (timeout, error) is never sent again; only one
    // refused by an open circuit — never sent — may be. Queries are always safe to repeat.
    const idempotent = gateway.connector(row.system_id)?.services[row.service_id]?.idempotent ?? false;
    const neverSent = e.gatewayCode === 'GATEWAY_UNAVAILABLE';
    if (attempt >= DELIVERY.maxAttempts || (!idempotent && !neverSent)) {
      await fail(e.gatewayCode, GATEWAY_ERRORS[e.gatewayCode][1], lastError);
      return 'failed';
    }
    await db.query(
      `WITH u AS (UPDATE gateway_messages SET last_error = $2, claimed_until = NULL, updated_at = now() WHERE message_id = $1 AND status = 'queued' RETURNING message_id)
       INSERT INTO jobs (kind, payload, run_at)
       SELECT 'gateway.deliver', jsonb_build_object('messageId', message_id), now() + make_interval(secs => $3) FROM u`,
      [row.message_id, lastError, deliveryBackoffMs(attempt, e.details.retryAfterMs ?? 0) / 1000],
    );
    return 'retry';
  }
  if (r.status === 'ok') await answer('RESPONSE', 'OK', r.data, 'answered', null);
  else await answer('RESPONSE', 'NOT_FOUND', { reason: r.reason, message: r.message }, 'answered', null);
  return 'answered';
}

interface InRow {
  message_id: string;
  correlation_id: string;
  in_reply_to: string | null;
  message_type: MessageType;
  system_id: string;
  service_id: string;
  response_code: ResponseCode;
  data: unknown;
  created_at: Date | string;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

function toMessage(r: InRow): AsyncMessage {
  const d = (r.data ?? null) as { reason?: string; message?: I18n } | null;
  return {
    messageInfo: {
      messageId: r.message_id,
      correlationId: r.correlation_id,
      inReplyTo: r.in_reply_to,
      serviceId: r.service_id,
      systemId: r.system_id,
      messageType: r.message_type,
      messageDate: iso(r.created_at),
      sender: { senderId: r.system_id },
    },
    status: { code: r.response_code, ...(r.response_code !== 'OK' && d?.message ? { message: d.message } : {}), ...(r.response_code !== 'OK' && d?.reason ? { reason: d.reason } : {}) },
    messageData: { data: r.response_code === 'OK' ? r.data : null },
  };
}

const IN_COLUMNS = 'message_id, correlation_id, in_reply_to, message_type, system_id, service_id, response_code, data, created_at';

/** The subsystem's inbox: answers and notifications it has not acknowledged, oldest first. */
export async function getMessages(q: Queryable, senderId: string, opts: { limit?: number; correlationId?: string } = {}): Promise<AsyncMessage[]> {
  const limit = Math.max(1, Math.min(500, opts.limit ?? 100));
  const rows = await q.query<InRow>(
    `SELECT ${IN_COLUMNS} FROM gateway_messages
      WHERE direction = 'in' AND status = 'new' AND sender_id = $1 AND ($2::text IS NULL OR correlation_id = $2)
      ORDER BY created_at, message_id LIMIT $3`,
    [senderId, opts.correlationId ?? null, limit],
  );
  return rows.rows.map(toMessage);
}

/** The answer to a request, whether acknowledged or not (null while it is queued). */
export async function getResponse(q: Queryable, requestMessageId: string): Promise<AsyncMessage | null> {
  const r = await q.query<InRow>(`SELECT ${IN_COLUMNS} FROM gateway_messages WHERE in_reply_to = $1`, [requestMessageId]);
  return r.rows[0] ? toMessage(r.rows[0]) : null;
}

/** Acknowledge a received message. True the first time; false if it was already acknowledged or is not in this inbox. */
export async function sendDeliveryNotification(q: Queryable, senderId: string, messageId: string): Promise<boolean> {
  const r = await q.query(
    `UPDATE gateway_messages SET status = 'delivered', delivered_at = now(), updated_at = now()
      WHERE message_id = $1 AND sender_id = $2 AND direction = 'in' AND status = 'new'`,
    [messageId, senderId],
  );
  return r.rowCount > 0;
}

/** Where a request is: queued (with attempts and the last error), answered or failed. */
export async function getMessageStatus(q: Queryable, messageId: string): Promise<MessageStatus | null> {
  const r = await q.query<{
    message_id: string;
    correlation_id: string;
    system_id: string;
    service_id: string;
    status: MessageStatus['status'];
    attempts: number;
    last_error: string | null;
    response_code: ResponseCode | null;
    answer_id: string | null;
    created_at: Date | string;
    updated_at: Date | string;
  }>(
    `SELECT m.message_id, m.correlation_id, m.system_id, m.service_id, m.status, m.attempts, m.last_error, m.response_code,
            a.message_id AS answer_id, m.created_at, m.updated_at
       FROM gateway_messages m LEFT JOIN gateway_messages a ON a.in_reply_to = m.message_id
      WHERE m.message_id = $1 AND m.direction = 'out'`,
    [messageId],
  );
  const m = r.rows[0];
  if (!m) return null;
  return {
    messageId: m.message_id,
    correlationId: m.correlation_id,
    systemId: m.system_id,
    serviceId: m.service_id,
    status: m.status,
    attempts: m.attempts,
    lastError: m.last_error,
    responseMessageId: m.answer_id,
    responseCode: m.response_code,
    createdAt: iso(m.created_at),
    updatedAt: iso(m.updated_at),
  };
}


/** One stored message, either direction (the administrators' view). */
export interface StoredMessage {
  messageId: string;
  correlationId: string;
  inReplyTo: string | null;
  messageType: MessageType;
  direction: 'out' | 'in';
  systemId: string;
  serviceId: string;
  senderId: string;
  status: string;
  responseCode: ResponseCode | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/** Every message of one correlation id (requests, responses, notifications), oldest first. */
export async function messagesOf(q: Queryable, correlationId: string, limit = 500): Promise<StoredMessage[]> {
  const r = await q.query<{
    message_id: string;
    correlation_id: string;
    in_reply_to: string | null;
    message_type: MessageType;
    direction: 'out' | 'in';
    system_id: string;
    service_id: string;
    sender_id: string;
    status: string;
    response_code: ResponseCode | null;
    attempts: number;
    last_error: string | null;
    created_at: Date | string;
    updated_at: Date | string;
    delivered_at: Date | string | null;
  }>(
    `SELECT message_id, correlation_id, in_reply_to, message_type, direction, system_id, service_id, sender_id, status, response_code,
            attempts, last_error, created_at, updated_at, delivered_at
       FROM gateway_messages WHERE correlation_id = $1 ORDER BY created_at, message_id LIMIT $2`,
    [correlationId, limit],
  );
  return r.rows.map((m) => ({
    messageId: m.message_id,
    correlationId: m.correlation_id,
    inReplyTo: m.in_reply_to,
    messageType: m.message_type,
    direction: m.direction,
    systemId: m.system_id,
    serviceId: m.service_id,
    senderId: m.sender_id,
    status: m.status,
    responseCode: m.response_code,
    attempts: Number(m.attempts),
    lastError: m.last_error,
    createdAt: iso(m.created_at),
    updatedAt: iso(m.updated_at),
    deliveredAt: m.delivered_at == null ? null : iso(m.delivered_at),
  }));
}
