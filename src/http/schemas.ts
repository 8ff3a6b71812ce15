/**
 * Response shapes shared by the route plugins, and the one error body every route answers with.
 *
 * Objects the domain builds (an application, a consent, a definition) are `looseObject`: the
 * fields named here are what the document promises, and a field added later in the domain is
 * still sent (the serializer drops unknown properties of a plain `z.object`). The shapes built in
 * a route itself are plain objects. The web's API types are generated from these (`npm run gen:api`).
 */
import { z } from 'zod';
import { STATUS_NAMES } from '../applications/status.ts';
import type { ApplicationStatus } from '../applications/status-types.ts';
import { CHANNELS } from '../registry/types.ts';
import { I18nSchema } from './lang.ts';

export const I18n = I18nSchema;
export const PartialI18n = z.object({ kk: z.string().optional(), ru: z.string().optional(), en: z.string().optional() });

export const FieldIssue = z.object({ path: z.string(), code: z.string(), message: I18n });

/** `{ code, message: { kk, ru, en }, path?, errors?, details? }` (AppError.toJSON, src/errors/errors.ts). */
export const ErrorBody = z.looseObject({
  code: z.string(),
  message: I18n,
  path: z.string().optional(),
  errors: z.array(FieldIssue).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Added to every route's `response` (app.ts, onRoute): the error body for 4xx and 5xx. */
export const ERROR_RESPONSES = { '4xx': ErrorBody, '5xx': ErrorBody } as const;

export const Ok = z.object({ ok: z.literal(true) });

/** A body that is not JSON (a file, a certificate, a CRL): documented by its media type only. */
export function binary(mediaTypes: string | string[], description: string) {
  const schema = z.unknown().meta({ type: 'string', format: 'binary' });
  return { description, content: Object.fromEntries([mediaTypes].flat().map((t) => [t, { schema }])) };
}

export const Channel = z.enum(CHANNELS as [(typeof CHANNELS)[number], ...(typeof CHANNELS)[number][]]);
export const ApplicationStatusSchema = z.enum(Object.keys(STATUS_NAMES) as [ApplicationStatus, ...ApplicationStatus[]]);

/** The bytes to sign and their hash. */
export const SigningBytes = z.object({ payload: z.string(), sha256: z.string() });

/** A one-time SMS code sent (identity/otp.ts): its id, the masked phone, until when. */
export const OtpSent = z.looseObject({ otpId: z.string(), phone: z.string(), expiresAt: z.string() });

export const CoSignerStatus = z.enum(['pending', 'signed', 'declined', 'expired']);
export const SignMethod = z.enum(['eds', 'sms']);
