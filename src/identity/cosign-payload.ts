/**
 * The exact bytes a second applicant (the other parent, the other spouse) signs to join an
 * application someone else filed: UTF-8 of sorted-key JSON (canonicalJson, as payload.ts) of the
 * application number, the service and version, the first applicant's IIN, the form as filed and
 * the co-signer's own IIN. The number makes one signature good for one application only; the
 * co-signer's IIN makes it theirs. The browser builds the same bytes with this module.
 */
import { canonicalJson } from './payload.ts';

export interface CoSigningInput {
  applicationNumber: string;
  serviceCode: string;
  serviceVersion: number;
  applicantIin: string;
  form: Record<string, unknown>;
  coSignerIin: string;
}

const UTF8 = new TextEncoder();

export function coSigningPayload(i: CoSigningInput): Uint8Array {
  return UTF8.encode(
    canonicalJson({
      type: 'qyzmet.application.cosign.v1',
      applicationNumber: i.applicationNumber,
      serviceCode: i.serviceCode,
      serviceVersion: i.serviceVersion,
      applicantIin: i.applicantIin,
      form: i.form,
      coSignerIin: i.coSignerIin,
    }),
  );
}
