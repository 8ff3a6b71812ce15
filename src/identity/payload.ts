/**
 * The exact bytes an applicant signs for a portal application: UTF-8 of sorted-key
 * JSON of the applicant's IIN, service, channel, form, region and the idempotency key
 * (so one signature can only ever create one application). The browser builds the
 * same bytes with this module, so both sides agree byte for byte.
 *
 * Attached files are signed through the form: a `file` field's value lists each file's
 * `{ id, sha256, name, size, mime }` (src/uploads/), so the SHA-256 of every file's bytes is in
 * these bytes, and the submission binds only uploads with exactly those hashes.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export interface SigningInput {
  applicantIin: string;
  serviceCode: string;
  channel: string;
  form: Record<string, unknown>;
  region?: string | null;
  idempotencyKey: string;
}

const UTF8 = new TextEncoder();

export function signingPayload(i: SigningInput): Uint8Array {
  return UTF8.encode(
    canonicalJson({
      type: 'qyzmet.application.v1',
      applicantIin: i.applicantIin,
      serviceCode: i.serviceCode,
      channel: i.channel,
      form: i.form,
      region: i.region ?? null,
      idempotencyKey: i.idempotencyKey,
    }),
  );
}
