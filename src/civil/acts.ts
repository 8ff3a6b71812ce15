/**
 * Civil acts recorded on approval (README.md): the executor's `approve` of a civil-registration
 * service sends the one request its `civilAct` spec plans (plan.ts) to the civil registry through
 * the gateway, inside the action's transaction, and answers with the act record for the decision
 * or with the refusal the registry's answer makes.
 */
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import type { SendMeta } from '../gateway/types.ts';
import { localDate } from '../calendar/time.ts';
import type { I18n, ServiceDefinition } from '../registry/types.ts';
import type { ActKind, ActRecord, ActRole } from '../registries/catalogue.ts';
import { groundsOf, planAct } from './plan.ts';

/** What the decision carries (`decision.data.actRecord`) and the certificate prints. */
export interface ActRecordRef {
  number: string;
  date: string;
  kind: ActKind;
  /** What the approval did: a new record, a restored one, an amendment to one, or the one a repeat certificate is issued from. */
  operation: 'registered' | 'restored' | 'amended' | 'found';
  registeringBody: string;
  participants: Array<{ iin: string; role: ActRole }>;
}

/** A refusal decision's data, as the `refuse` action writes it. */
export type RefusalData = {
  grounds: string[];
  groundTexts: I18n[];
};

export type ActOutcome =
  | { recorded: true; actRecord: ActRecordRef }
  | { recorded: false; refusal: RefusalData; reason: string; message: I18n | null };

export interface ActCase {
  app: { id: string; number: string; form: Record<string, unknown>; applicant_iin: string; provider_org: string | null };
  def: ServiceDefinition;
}

const ref = (a: ActRecord, operation: ActRecordRef['operation']): ActRecordRef => ({
  number: a.actNumber,
  date: a.actDate,
  kind: a.kind,
  operation,
  registeringBody: a.registeringBody,
  participants: a.participants,
});

function refusal(def: ServiceDefinition, ground: string, reason: string, message: I18n | null): ActOutcome {
  const g = def.refusalGrounds.find((x) => x.id === ground);
  // The loader checks the spec names grounds of the definition (checkCivilAct): a missing one is a bug.
  if (!g) throw new Error(`${def.code} v${def.version}: civilAct names refusal ground '${ground}', which the definition does not have`);
  return { recorded: false, refusal: { grounds: [g.id], groundTexts: [g.text] }, reason, message };
}

/**
 * Records the application's act in the civil registry (null: the service records none).
 * `q` is the action's transaction: the simulated registry writes in it, so a failed action
 * leaves no act behind; a remote registry ignores it, and the application id as the write's
 * reference makes the retried approval find the act the first attempt made.
 * Gateway failures (unavailable, timeout, rejected) throw: the action fails with them, nothing written.
 */
export async function recordCivilAct(ctx: AppContext, q: Queryable, s: ActCase, actorId: string | null, now: Date): Promise<ActOutcome | null> {
  const { app, def } = s;
  const spec = def.civilAct;
  if (!spec) return null;
  const body = ctx.orgs.get(app.provider_org)?.name.ru ?? app.provider_org ?? def.provider.name.ru;
  const plan = planAct(spec, { form: app.form, reference: app.id, today: localDate(now), registeringBody: body });
  if (!plan) return null;
  const grounds = groundsOf(spec);
  const meta: SendMeta = {
    sender: 'qyzmet-provider',
    purpose: `application:${app.number}`,
    correlationId: app.id,
    actorId,
    subjectIin: app.applicant_iin,
    legalBasis: `${def.code} v${def.version}: the approval records the act (civilAct)`,
    tx: q,
  };
  switch (plan.op) {
    case 'missing':
      return refusal(def, grounds.notFound, 'NO_ACT_NAMED', null);
    case 'lookup': {
      const r = await ctx.gateway.send('civil-registry', 'findActs', { iin: plan.iin, kind: plan.kind }, meta);
      if (r.status !== 'ok') return refusal(def, grounds.notFound, r.reason, r.message);
      const acts = r.data.acts.filter((a) => plan.year === null || a.actDate.startsWith(String(plan.year)));
      const act = acts.at(-1);
      if (!act) return refusal(def, grounds.notFound, 'NO_RECORD_THAT_YEAR', null);
      return { recorded: true, actRecord: ref(act, 'found') };
    }
    case 'amend': {
      const r = await ctx.gateway.send('civil-registry', 'amendAct', plan.request, meta);
      if (r.status !== 'ok') return refusal(def, grounds.notFound, r.reason, r.message);
      return { recorded: true, actRecord: ref(r.data.act, 'amended') };
    }
    case 'register': {
      const r = await ctx.gateway.send('civil-registry', 'registerAct', plan.request, meta);
      if (r.status !== 'ok') return refusal(def, grounds.notFound, r.reason, r.message);
      if (!r.data.recorded) return refusal(def, grounds.exists, r.data.reason, r.data.message);
      return { recorded: true, actRecord: ref(r.data.act, plan.request.restored ? 'restored' : 'registered') };
    }
  }
}
