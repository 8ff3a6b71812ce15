/**
 * The data a provider obtains from state systems for an application (the definition's
 * `fetchedData`, 002 cl.22: "not demanded from the applicant"): read through the gateway when an
 * employee who may see the task opens it, under the consent policy (src/consent/policy.ts). The
 * basis is the regulation itself — the service standard's list of fetched data — so each read
 * names it as its legal basis, the application as its purpose and correlation, and the employee
 * as its actor; the applicant sees every read in "who accessed my data".
 *
 * The civil registry is read for the applicant and for the persons the service's act names
 * (`civilAct.participants`: the child, the spouse, the subject of a repeat certificate), so
 * staff see the act records before deciding and the recorded act after the approval.
 *
 * Only the entries whose condition holds for this application are read; a system the gateway has
 * no reader for here is listed as such, never silently skipped.
 */
import type { User } from '../accounts/accounts.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors/errors.ts';
import { GatewayError } from '../gateway/errors.ts';
import type { SendMeta } from '../gateway/types.ts';
import { evaluateCondition } from '../registry/conditions.ts';
import type { I18n, ServiceDefinition, StateSystem } from '../registry/types.ts';
import type { ActRecord } from '../registries/catalogue.ts';
import { loadTask } from './actions.ts';
import { conditionContext } from './runtime.ts';

export interface StateDataItem {
  system: StateSystem;
  /** What the standard says is obtained (kk/ru/en). */
  label: I18n;
  /** ok: the record; absent: the system has no record; denied: no basis (consent policy); unavailable: the system did not answer; unsupported: no reader here. */
  status: 'ok' | 'absent' | 'denied' | 'unavailable' | 'unsupported';
  /** Field → value, in the order an employee reads them. */
  fields: Array<{ name: I18n; value: I18n }>;
  message: I18n | null;
}

const L = (kk: string, ru: string, en: string): I18n => ({ kk, ru, en });
/** A value that reads the same in every language (a number, a date, a name). */
const V = (s: string): I18n => ({ kk: s, ru: s, en: s });

type Reader = (ctx: AppContext, form: Record<string, unknown>, iin: string, meta: SendMeta, def: ServiceDefinition) => Promise<Pick<StateDataItem, 'status' | 'fields' | 'message'>>;

const READERS: Partial<Record<StateSystem, Reader>> = {
  persons: async (ctx, _form, iin, meta) => {
    const r = await ctx.gateway.send('persons', 'getPerson', { iin }, meta);
    if (r.status !== 'ok') return { status: 'absent', fields: [], message: r.message };
    const p = r.data;
    return {
      status: 'ok',
      message: null,
      fields: [
        { name: L('ЖСН', 'ИИН', 'IIN'), value: V(p.iin) },
        { name: L('Тегі, аты, әкесінің аты', 'ФИО', 'Full name'), value: V([p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ')) },
        { name: L('Туған күні', 'Дата рождения', 'Date of birth'), value: V(p.birthDate) },
        { name: L('Азаматтығы', 'Гражданство', 'Citizenship'), value: V(p.citizenship) },
        ...(p.address ? [{ name: L('Тіркелген мекенжайы', 'Адрес регистрации', 'Registered address'), value: p.address.text }] : []),
        ...(p.deathDate ? [{ name: L('Қайтыс болған күні', 'Дата смерти', 'Date of death'), value: V(p.deathDate) }] : []),
      ],
    };
  },
  'civil-registry': async (ctx, form, iin, meta, def) => {
    // The applicant's records, and those of the persons the service's act names (the child, the spouse…: src/civil).
    const people = [iin, ...(def.civilAct?.participants ?? []).map((p) => form[p.field]).filter((v): v is string => typeof v === 'string' && /^\d{12}$/.test(v))];
    const seen = new Set<string>();
    const acts: ActRecord[] = [];
    let paperOnly = 0;
    let message: I18n | null = null;
    for (const who of [...new Set(people)]) {
      const r = await ctx.gateway.send('civil-registry', 'findActs', { iin: who }, meta);
      if (r.status !== 'ok') {
        message ??= r.message;
        continue;
      }
      paperOnly += r.data.paperOnly;
      for (const a of r.data.acts) {
        if (seen.has(a.actNumber)) continue;
        seen.add(a.actNumber);
        acts.push(a);
      }
    }
    if (!acts.length && !paperOnly) return { status: 'absent', fields: [], message: message ?? L('Электрондық акт жазбасы жоқ', 'Электронных записей актов нет', 'No electronic act records') };
    return {
      status: 'ok',
      message: null,
      fields: [
        ...acts.map((a) => ({ name: L(`Акт жазбасы: ${a.kind}`, `Запись акта: ${a.kind}`, `Act record: ${a.kind}`), value: V(`№ ${a.actNumber}, ${a.actDate}, ${a.registeringBody}`) })),
        ...(paperOnly ? [{ name: L('Тек қағаз түрінде', 'Только на бумаге', 'On paper only'), value: V(String(paperOnly)) }] : []),
      ],
    };
  },
  'legal-entities': async (ctx, form, _iin, meta) => {
    const bin = typeof form.applicantBin === 'string' ? form.applicantBin : typeof form.bin === 'string' ? form.bin : null;
    if (!bin) return { status: 'absent', fields: [], message: L('Өтініште БСН жоқ', 'В заявлении нет БИН', 'The application names no BIN') };
    const r = await ctx.gateway.send('legal-entities', 'getEntity', { bin }, meta);
    if (r.status !== 'ok') return { status: 'absent', fields: [], message: r.message };
    const e = r.data;
    return {
      status: 'ok',
      message: null,
      fields: [
        { name: L('БСН', 'БИН', 'BIN'), value: V(e.bin) },
        { name: L('Атауы', 'Наименование', 'Name'), value: { kk: e.name.kk, ru: e.name.ru, en: e.name.ru } },
        { name: L('Тіркелген күні', 'Дата регистрации', 'Registered on'), value: V(e.registeredOn) },
        { name: L('Мәртебесі', 'Статус', 'Status'), value: e.status === 'active' ? L('Жұмыс істейді', 'Действующее', 'Active') : L('Таратылған', 'Ликвидировано', 'Liquidated') },
        ...(e.head ? [{ name: L('Басшысы', 'Руководитель', 'Head'), value: V(e.head.name) }] : []),
      ],
    };
  },
};

const UNSUPPORTED = L('Бұл жүйеден оқу әзірге қосылмаған', 'Чтение из этой системы пока не подключено', 'Reading this system is not connected yet');

/** Reads the standard's fetched data for the task's application (an employee who may see the task). */
export async function taskStateData(ctx: AppContext, user: User, taskId: string): Promise<{ items: StateDataItem[] }> {
  const s = await loadTask(ctx.db, ctx, taskId, false);
  if (!s) throw new AppError('NOT_FOUND');
  const mayView = user.orgId === s.task.org_id && (user.roles.includes(s.task.role as never) || user.roles.includes('provider-head'));
  if (!mayView) throw new AppError('NOT_YOUR_TASK');
  const cond = conditionContext(s.app, s.proc, ctx.calendar);
  const meta: SendMeta = {
    sender: 'qyzmet-provider',
    purpose: `application:${s.app.number}`,
    correlationId: s.app.id,
    actorId: user.id,
    subjectIin: s.app.applicant_iin,
    legalBasis: `${s.def.code} v${s.def.version}: fetchedData (002 cl.22)`,
  };
  const items: StateDataItem[] = [];
  for (const f of s.def.fetchedData ?? []) {
    if (f.condition && !evaluateCondition(f.condition.when, cond)) continue;
    const read = READERS[f.system];
    if (!read) {
      items.push({ system: f.system, label: f.data, status: 'unsupported', fields: [], message: UNSUPPORTED });
      continue;
    }
    try {
      items.push({ system: f.system, label: f.data, ...(await read(ctx, s.app.form, s.app.applicant_iin, meta, s.def)) });
    } catch (e) {
      if (!(e instanceof GatewayError)) throw e;
      const status = e.code === 'CONSENT_REQUIRED' ? 'denied' : 'unavailable';
      items.push({ system: f.system, label: f.data, status, fields: [], message: e.i18n });
    }
  }
  return { items };
}
