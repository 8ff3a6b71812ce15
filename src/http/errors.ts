/**
 * The single place where failures become HTTP responses. Everything a client can
 * cause maps to a 4xx with a stable code and kk/ru/en message; anything else is
 * a 500 INTERNAL with a correlation id (the request id) and is logged in full.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldIssue } from '../errors/errors.ts';
import type { I18n } from '../lib/i18n.ts';
import { clientRequestId } from './request-id.ts';

const ZOD_MESSAGES: Record<string, I18n> = {
  invalid_type: { kk: 'Мән түрі қате.', ru: 'Неверный тип значения.', en: 'Wrong value type.' },
  required: { kk: 'Міндетті өріс.', ru: 'Обязательное поле.', en: 'This field is required.' },
  unrecognized_keys: { kk: 'Белгісіз өріс.', ru: 'Неизвестное поле.', en: 'Unknown field.' },
  too_small: { kk: 'Мән тым кіші немесе қысқа.', ru: 'Значение слишком мало или коротко.', en: 'The value is too small or short.' },
  too_big: { kk: 'Мән тым үлкен немесе ұзын.', ru: 'Значение слишком велико или длинно.', en: 'The value is too large or long.' },
  invalid_value: { kk: 'Рұқсат етілмеген мән.', ru: 'Недопустимое значение.', en: 'Value not allowed.' },
  invalid_format: { kk: 'Пішімі қате.', ru: 'Неверный формат.', en: 'Invalid format.' },
  custom: { kk: 'Мән қате.', ru: 'Неверное значение.', en: 'Invalid value.' },
};

/** One issue as fastify-type-provider-zod 7 reports it (ajv-like shape). */
type ZodValidationItem = { keyword?: string; instancePath?: string; message?: string; params?: { keys?: string[] } };

function zodIssues(err: FastifyError & { validation?: unknown; validationContext?: string }): FieldIssue[] {
  const where = err.validationContext ?? 'body';
  const prefix = where === 'body' ? '' : `/${where}`;
  const out: FieldIssue[] = [];
  for (const v of (err.validation as ZodValidationItem[]) ?? []) {
    const inner = v.instancePath && v.instancePath !== '/' ? v.instancePath : '';
    const base = `${prefix}${inner}` || '/';
    if (v.keyword === 'unrecognized_keys' && v.params?.keys?.length) {
      for (const k of v.params.keys)
        out.push({ path: `${prefix}${inner}/${k}`, code: 'UNKNOWN_FIELD', message: ZOD_MESSAGES.unrecognized_keys as I18n });
      continue;
    }
    const missing = v.keyword === 'invalid_type' && /received undefined/.test(v.message ?? '');
    const code = missing ? 'REQUIRED' : String(v.keyword ?? 'custom').toUpperCase();
    out.push({ path: base, code, message: (missing ? ZOD_MESSAGES.required : (ZOD_MESSAGES[v.keyword ?? 'custom'] ?? ZOD_MESSAGES.custom)) as I18n });
  }
  return out;
}

function toAppError(err: FastifyError & { validation?: unknown }): AppError | null {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = zodIssues(err);
    return new AppError('VALIDATION_FAILED', { errors, path: errors[0]?.path });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? new AppError('UNSUPPORTED_MEDIA_TYPE') : new AppError('BAD_REQUEST');
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return new AppError('MALFORMED_JSON');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    const e = new AppError(err.statusCode === 413 ? 'BODY_TOO_LARGE' : err.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST');
    return e;
  }
  return null;
}

/**
 * Seconds a client should wait before retrying a 429/503: the real time left when the error knows
 * it (an open circuit's cool-down, a send limit's window: `details.retryAfterMs`), rounded up and
 * at least 1; otherwise a few seconds.
 */
export function retryAfterSeconds(e: AppError, fallback = 5): number {
  const ms = (e.opts.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.max(1, Math.ceil(ms / 1000)) : fallback;
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const appErr = toAppError(err);
    if (appErr) {
      // The real wait when the refusal knows it (a limit's window, a circuit's cool-down, a lock's end), else 5 s.
      const wait = (appErr.opts.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
      if (appErr.status === 429 || appErr.status === 503 || (appErr.status === 423 && typeof wait === 'number'))
        reply.header('retry-after', String(retryAfterSeconds(appErr)));
      return reply.status(appErr.status).send(appErr.toJSON());
    }
    req.log.error({ err, ...(req.headers['x-request-id'] !== undefined ? { clientRequestId: clientRequestId(req.headers['x-request-id']) } : {}) }, 'unhandled error');
    const e = new AppError('INTERNAL', { details: { correlationId: req.id } });
    return reply.status(500).send(e.toJSON());
  });
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Requests that Node's HTTP parser rejects before fastify sees them (a raw UTF-8
 * address, a broken request line, oversized headers, a slow client) get the same
 * error shape as everything else instead of fastify's bare "Client Error".
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  // A response already under way on this keep-alive socket cannot be followed by another: just close.
  const inProgress = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || !socket.writable || inProgress) {
    socket.destroy();
    return;
  }
  const e = new AppError(
    err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'MALFORMED_HTTP',
  );
  const body = JSON.stringify(e.toJSON());
  socket.end(
    `HTTP/1.1 ${e.status} ${REASONS[e.status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
