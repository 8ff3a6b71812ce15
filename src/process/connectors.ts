/**
 * What automatic steps may call (a step's `connector.operation`): each answers with the value
 * the step's `connector.sets` variable takes. Calls go through the gateway (src/gateway), named
 * by the application, so the call log and the access policy see whose data and why.
 */
import type { AppContext } from '../context.ts';

export interface ConnectorCall {
  /** The regulation's step that makes the call: the legal basis the call log records. */
  basis: string;
  applicationId: string;
  number: string;
  applicantIin: string;
  form: Record<string, unknown>;
}

export type ConnectorOperation = (ctx: AppContext, call: ConnectorCall) => Promise<string>;

/**
 * The provider's check is the regulation's own step (e.g. "the civil-registry IS checks the act
 * records", 003 cl.10): the call names that step as its legal basis and the application as its
 * purpose, so "who accessed my data" shows it.
 */
const meta = (c: ConnectorCall) => ({ sender: 'qyzmet-provider', purpose: `application:${c.number}`, correlationId: c.applicationId, subjectIin: c.applicantIin, legalBasis: c.basis });

export const CONNECTOR_OPERATIONS: Record<string, ConnectorOperation> = {
  /** The civil-registry IS holds an (electronic) act record of the applicant: `exists` / `absent`. */
  'civil-registry.find-act': async (ctx, c) => {
    const r = await ctx.gateway.send('civil-registry', 'findActs', { iin: c.applicantIin }, meta(c));
    return r.status === 'ok' && r.data.acts.length > 0 ? 'exists' : 'absent';
  },
  /** The persons DB knows the applicant: `found` / `absent` ("impossible to obtain data"). */
  'persons.lookup': async (ctx, c) => {
    const r = await ctx.gateway.send('persons', 'getPerson', { iin: c.applicantIin }, meta(c));
    return r.status === 'ok' ? 'found' : 'absent';
  },
};
