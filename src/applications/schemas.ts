/** Response shapes of the applicant's routes (./routes.ts, ./cosign-routes.ts, src/uploads/routes.ts). */
import { z } from 'zod';
import { ApplicationStatusSchema, Channel, CoSignerStatus, I18n, SignMethod } from '../http/schemas.ts';

/** A file attached to an application (uploads.ts toFile). */
export const ApplicationFileSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  mime: z.string(),
  sha256: z.string(),
  field: z.string().nullable(),
  fieldLabel: I18n.nullable(),
  document: z.object({ id: z.string(), name: I18n }).nullable(),
  uploadedAt: z.string(),
});

export const ApplicationSummarySchema = z.looseObject({
  id: z.string(),
  number: z.string(),
  serviceCode: z.string(),
  serviceVersion: z.number(),
  serviceName: I18n,
  channel: Channel,
  status: ApplicationStatusSchema,
  statusName: I18n,
  filedAt: z.string(),
  dueDate: z.string().nullable(),
});

export const CoSignerSchema = z.looseObject({
  iin: z.string(),
  field: z.string(),
  label: I18n,
  status: CoSignerStatus,
  expiresAt: z.string(),
  signedAt: z.string().nullable(),
  method: SignMethod.nullable(),
});

export const HistoryEntrySchema = z.looseObject({
  at: z.string(),
  from: ApplicationStatusSchema.nullable(),
  to: ApplicationStatusSchema,
  toName: I18n,
  actorRole: z.string().nullable(),
  stepId: z.string().nullable(),
  /** A status reason in three languages, or a step's event (`{ event: 'step-opened', … }`, src/actions/ledger.ts HistoryReason). */
  reason: z.union([I18n, z.record(z.string(), z.unknown())]).nullable(),
  /** A step's event in plain words (src/tasks/progress.ts historyWords). */
  words: I18n.nullable().optional(),
});

export const ApplicationResultSchema = z.looseObject({
  kind: z.enum(['document', 'refusal']),
  /** The document or the reasoned refusal, as the provider made it (its own shape per service). */
  document: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const ApplicationDetailSchema = ApplicationSummarySchema.extend({
  coSigners: z.array(CoSignerSchema),
  signature: z.looseObject({ method: SignMethod, signerSerial: z.string().nullable(), signerIin: z.string(), signedAt: z.string() }).nullable(),
  result: ApplicationResultSchema.nullable(),
  form: z.record(z.string(), z.unknown()),
  files: z.array(ApplicationFileSchema),
  region: z.string().nullable(),
  acceptanceDate: z.string().nullable(),
  deadlineBasis: I18n.nullable(),
  /** The back office's current step in plain words with its deadline (src/tasks/progress.ts caseProgress). */
  currentStep: z.looseObject({ id: z.string(), kind: z.string(), words: I18n, dueAt: z.string().nullable() }).nullable().optional(),
  /** The decision once signed. */
  decision: z.looseObject({ kind: z.enum(['approve', 'refuse']), signedAt: z.string(), grounds: z.array(z.object({ id: z.string(), text: I18n.nullable() })), reasons: z.string().nullable() }).nullable().optional(),
  history: z.array(HistoryEntrySchema),
  /** The application's signed documents (src/documents): PDF at GET /api/v1/documents/{number}.pdf, public check at /verify/{number}. */
  documents: z.array(
    z.object({
      number: z.string(),
      kind: z.enum(['result', 'refusal']).describe('result: the service’s result; refusal: the reasoned refusal letter'),
      issuedAt: z.string(),
      status: z.enum(['valid', 'revoked']),
    }),
  ),
});

export const SubmittedSchema = z.object({ id: z.string(), number: z.string(), status: ApplicationStatusSchema, dueDate: z.string().nullable() });

export const CoSignRequestSchema = z.looseObject({
  applicationId: z.string(),
  number: z.string(),
  serviceCode: z.string(),
  serviceVersion: z.number(),
  serviceName: I18n,
  applicant: z.object({ name: z.string(), iin: z.string() }),
  as: z.object({ field: z.string(), label: I18n }),
  filedAt: z.string(),
  expiresAt: z.string(),
  status: CoSignerStatus,
  signedAt: z.string().nullable(),
  method: SignMethod.nullable(),
  applicationStatus: ApplicationStatusSchema,
  applicationStatusName: I18n,
});

export const CoSignRequestDetailSchema = CoSignRequestSchema.extend({
  form: z.record(z.string(), z.unknown()),
  region: z.string().nullable(),
  channel: Channel,
});

export const CoSignResultSchema = z.object({
  applicationId: z.string(),
  number: z.string(),
  status: ApplicationStatusSchema,
  dueDate: z.string().nullable(),
  replayed: z.boolean(),
});
