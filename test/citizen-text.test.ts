/**
 * Text a citizen sees must not contradict or repeat itself (issue 8 item 14):
 * 1. an instant result (the address reference) filed on a Sunday or after hours is accepted and due
 *    the day it is issued — in the deadline engine, the preview and the stored application;
 * 2. a term's label is never repeated with its computed amount ("15 calendar days: 15 calendar days");
 * 3. two services in force under one name carry distinct variants, and every service has categories;
 * 4. English texts carry no Cyrillic (ХҚКО, ЦОН, ЗАГС, АХАТ…), addresses included; Kazakh texts
 *    say "байланыс орталығы", not "call-орталық".
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { ROLE_NAMES } from '../src/accounts/roles.ts';
import { decidedAtOnceDates } from '../src/applications/deadline.ts';
import { submitApplication } from '../src/applications/applications.ts';
import { STATUS_NAMES } from '../src/applications/status.ts';
import { REFUSAL_GROUNDS } from '../src/automation/address-reference.ts';
import { loadCalendar } from '../src/calendar/calendar.ts';
import { computeDeadline } from '../src/calendar/deadline.ts';
import { count, labelStatesAmount, termHeading, termLabelRest } from '../src/calendar/words.ts';
import { CONSENT_PURPOSES, CONSENT_SYSTEMS } from '../src/consent/purposes.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { ERRORS } from '../src/errors/errors.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { REGIONS } from '../src/regions.ts';
import { formatAddress } from '../src/registries/address/index.ts';
import { latinName } from '../src/registries/address/latin.ts';
import { CATEGORIES, CATEGORY_CODES } from '../src/registry/categories.ts';
import { DefinitionError, loadDefinitions } from '../src/registry/loader.ts';
import { loadRegistry, type Registry } from '../src/registry/registry.ts';
import type { I18n, ServiceDefinition } from '../src/registry/types.ts';
import { messages } from '../web/src/messages.ts';
import { makeTestContext } from './helpers/context.ts';

let registry: Registry;
let cal: Awaited<ReturnType<typeof loadCalendar>>;
before(async () => {
  registry = await loadRegistry('services');
  cal = await loadCalendar('calendar/kz.yaml');
});
const all = () => registry.codes().flatMap((c) => registry.versions(c));
const current = (code: string) => registry.inForce(code) as ServiceDefinition;
/** Kazakhstan local time (UTC+5). */
const kz = (local: string) => new Date(`${local}+05:00`);

/** Every { kk, ru, en } text in a value, with its path. */
function texts(x: unknown, path = ''): Array<{ path: string; t: I18n }> {
  const out: Array<{ path: string; t: I18n }> = [];
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) v.forEach((y, i) => walk(y, `${p}/${i}`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.en === 'string' && typeof o.ru === 'string' && typeof o.kk === 'string') out.push({ path: p, t: o as unknown as I18n });
      for (const [k, y] of Object.entries(o)) walk(y, `${p}/${k}`);
    }
  };
  walk(x, path);
  return out;
}
const CYRILLIC = /[\u0400-\u04FF]/u;
/** Cyrillic abbreviations that leak from kk/ru texts (public service centre, civil registry, local executive body…). */
const CYRILLIC_ABBR = /ХҚКО|ХҚО|ЦОН|ЗАГС|АХАТ|АХАЖ|ЖАО|МИО|РГП|РМК|ГБД|[\u0400-\u04FF]{2,}/u;

describe('1. an instant result is accepted and due on the day it is issued', () => {
  test('the address reference online: filed on a Sunday, after hours, at night — accepted and due that day, counted in plain time', () => {
    const def = current('address-reference');
    assert.equal(def.terms.find((t) => t.channels.includes('portal'))?.automatic, true, 'the online term is automatic (data)');
    for (const [at, day, clock] of [
      ['2026-12-06T10:00:00', '2026-12-06', '10:01'], // Sunday
      ['2026-12-04T19:00:00', '2026-12-04', '19:01'], // Friday after hours
      ['2026-12-16T03:30:00', '2026-12-16', '03:31'], // Independence Day, at night
      ['2026-12-07T10:00:00', '2026-12-07', '10:01'], // a working Monday
    ] as const) {
      const d = computeDeadline(def, { channel: 'portal', filedAt: kz(at) }, cal);
      assert.ok(d, at);
      assert.equal(d.acceptanceDate, day, `${at}: accepted`);
      assert.equal(d.dueDate, day, `${at}: due`);
      assert.match(d.basis.en, new RegExp(`accepted at once, on \\w+ ${day.split('-').reverse().join('\\.')} at ${at.slice(11, 16)}; due \\w+ [\\d.]+ at ${clock}\\.$`), d.basis.en);
      assert.doesNotMatch(d.basis.en, /next day of acceptance|working time/);
    }
    // At a centre the same service keeps its working-day term: a Sunday filing is accepted on Monday.
    const centre = computeDeadline(def, { channel: 'centre', filedAt: kz('2026-12-06T10:00:00') }, cal);
    assert.equal(centre?.acceptanceDate, '2026-12-07');
  });

  test('a decision at once stores the issue day, even a few seconds before midnight', () => {
    assert.deepEqual(decidedAtOnceDates(kz('2026-12-06T23:59:50')), { acceptanceDate: '2026-12-06', dueDate: '2026-12-06' });
  });

  test('an automatic term must be in hours or minutes, of a fully automated service (loader)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qyzmet-auto-'));
    try {
      const raw = JSON.parse(JSON.stringify(current('address-reference'))) as Record<string, unknown> & { terms: Array<Record<string, unknown>> };
      raw.terms[1]!.automatic = true; // the centre's working-day term
      mkdirSync(join(dir, 'address-reference'));
      writeFileSync(join(dir, 'address-reference', 'v1.yaml'), stringify(raw));
      assert.throws(() => loadDefinitions({ dir }), (e: unknown) => e instanceof DefinitionError && e.rule === 'automatic-term' && e.path === '/terms/1/automatic');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('filed on Sunday 06.12.2026 through the API of submission', () => {
    let ctx: Awaited<ReturnType<typeof makeTestContext>>;
    before(async () => {
      ctx = await makeTestContext({ population: 50 });
    });
    after(async () => ctx.close());

    test('the stored application is accepted and due on 06.12, like its document', async () => {
      const citizen = DEMO_ACCOUNTS[0]!;
      const user = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [citizen.iin])).rows[0]!;
      const key = 'sunday-address-reference';
      const draft = { serviceCode: 'address-reference', channel: 'portal' as const, form: { subject: 'self', purpose: 'work' } };
      const p12 = await demoKeystore(ctx.db, citizen.iin, 'sign');
      const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12!, citizen.password, { detached: true })).toString('base64');
      const me = { id: user.id, iin: citizen.iin, surname: citizen.surname, givenName: citizen.givenName, patronymic: citizen.patronymic, roles: ['citizen' as const], orgId: null };
      const r = await submitApplication(ctx, me, { ...draft, signature: { method: 'eds', cms } }, key, kz('2026-12-06T10:00:00'));
      assert.equal(r.status, 'result-ready');
      assert.equal(r.dueDate, '2026-12-06');
      const row = (await ctx.db.query<{ a: string; d: string }>("SELECT to_char(acceptance_date, 'YYYY-MM-DD') AS a, to_char(due_date, 'YYYY-MM-DD') AS d FROM applications WHERE id = $1", [r.id])).rows[0]!;
      assert.deepEqual(row, { a: '2026-12-06', d: '2026-12-06' });
    });
  });
});

describe('2. a term label is not repeated with its amount', () => {
  test('termHeading and termLabelRest', () => {
    const t = (label: string, amount = 15, unit: 'calendar-days' | 'working-days' = 'calendar-days') => ({ label: { kk: label, ru: label, en: label }, amount, unit });
    assert.equal(termHeading(t('15 calendar days')).en, '15 calendar days');
    assert.equal(termHeading(t('Late application – 15 calendar days')).en, 'Late application – 15 calendar days');
    assert.equal(termHeading(t('The reference is ready in a few seconds', 1)).en, 'The reference is ready in a few seconds: 1 calendar day');
    assert.equal(termHeading(t('Ready on the 5th day', 5, 'working-days')).en, 'Ready on the 5th day: 5 working days', '"5th" is not the amount');
    assert.equal(termLabelRest('15 calendar days', 15), '');
    assert.equal(termLabelRest('Birth registration – 1 working day', 1), 'Birth registration');
    assert.equal(termLabelRest('Күнтізбелік 15 күн (қабылдау күні кірмейді)', 15), '(қабылдау күні кірмейді)');
    assert.equal(termLabelRest('В ЦОН – 1 рабочий день', 1), 'В ЦОН');
    assert.equal(labelStatesAmount('150 days', 15), false);
  });

  test('no deadline basis of any service and channel says its amount twice, in any language', () => {
    for (const def of registry.list()) {
      for (const term of def.terms) {
        const channel = term.channels[0]!;
        const head = termHeading(term);
        for (const l of ['kk', 'ru', 'en'] as const) {
          const amount = count(term.amount, term.unit)[l];
          const n = head[l].split(amount).length - 1;
          assert.ok(n <= 1, `${def.code}/${term.id} (${channel}, ${l}): "${head[l]}"`);
          assert.ok(!new RegExp(`^(.*): \\1$`).test(head[l]), `${def.code}/${term.id} ${l}: "${head[l]}"`);
        }
      }
    }
    const archival = computeDeadline(current('archival-reference'), { channel: 'portal', filedAt: kz('2026-12-07T10:00:00') }, cal);
    assert.ok(archival);
    assert.match(archival.basis.en, /^15 calendar days; the day of acceptance is not counted/);
    assert.doesNotMatch(archival.basis.en, /15 calendar days: 15 calendar days/);
  });
});

describe('3. the catalogue: categories, and same-named services told apart', () => {
  test('every service has categories with names in kk/ru/en; the schema lists exactly the known ones', () => {
    for (const def of all()) {
      assert.ok(def.categories.length > 0, `${def.code} v${def.version}`);
      for (const c of def.categories) assert.ok(c in CATEGORIES, `${def.code}: ${c}`);
    }
    for (const c of CATEGORY_CODES) for (const l of ['kk', 'ru', 'en'] as const) assert.ok(CATEGORIES[c][l]);
    const schema = JSON.parse(readFileSync('services/service-definition.schema.json', 'utf8'));
    assert.deepEqual([...schema.properties.categories.items.enum].sort(), [...CATEGORY_CODES].sort());
  });

  test('services in force today with the same name have distinct variants', () => {
    const byName = new Map<string, ServiceDefinition[]>();
    for (const def of registry.list()) for (const l of ['kk', 'ru', 'en'] as const) byName.set(`${l}:${def.name[l]}`, [...(byName.get(`${l}:${def.name[l]}`) ?? []), def]);
    let pairs = 0;
    for (const defs of byName.values()) {
      if (defs.length < 2) continue;
      pairs++;
      for (const l of ['kk', 'ru', 'en'] as const) {
        const vs = defs.map((d) => d.variant?.[l]);
        assert.ok(vs.every(Boolean), `${defs.map((d) => d.code).join(', ')}: a variant each`);
        assert.equal(new Set(vs).size, vs.length, `${defs.map((d) => d.code).join(', ')}: distinct (${l})`);
      }
    }
    assert.ok(pairs > 0, 'the two civil-record restorations share a name');
    assert.equal(current('civil-record-restoration-wko').variant?.en, 'West Kazakhstan oblast');
  });

  test('the loader refuses a second service under the same name without a variant', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qyzmet-same-'));
    try {
      for (const code of ['civil-record-restoration', 'civil-record-restoration-wko']) {
        mkdirSync(join(dir, code));
        for (const d of registry.versions(code)) {
          const raw = JSON.parse(JSON.stringify(d)) as Record<string, unknown>;
          if (code === 'civil-record-restoration-wko') delete raw.variant;
          writeFileSync(join(dir, code, `v${d.version}.yaml`), stringify(raw));
        }
      }
      assert.throws(() => loadDefinitions({ dir }), (e: unknown) => e instanceof DefinitionError && e.rule === 'same-name-variant' && e.path === '/variant');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('4. English pages in English, Kazakh in Kazakh', () => {
  test("no definition's English text has Cyrillic letters or abbreviations (ХҚКО, ЦОН, ЗАГС, АХАТ…); no Kazakh text says call-", () => {
    const bad: string[] = [];
    for (const def of all()) {
      for (const { path, t } of texts(def)) {
        if (CYRILLIC_ABBR.test(t.en) || CYRILLIC.test(t.en)) bad.push(`${def.code} v${def.version} ${path}/en: ${t.en}`);
        if (/call-/i.test(t.kk)) bad.push(`${def.code} v${def.version} ${path}/kk: ${t.kk}`);
      }
      // Language-neutral fields shown on every page: the act's number is a number.
      if (def.legalAct.number) assert.doesNotMatch(def.legalAct.number, CYRILLIC, `${def.code} v${def.version} /legalAct/number`);
    }
    assert.deepEqual(bad, []);
  });

  test('the interface and server texts: English without Cyrillic, Kazakh without call-', () => {
    const bad: string[] = [];
    for (const [k, v] of Object.entries(messages.en)) if (CYRILLIC.test(v)) bad.push(`messages.en ${k}: ${v}`);
    for (const [k, v] of Object.entries(messages.kk)) if (/call-/i.test(v)) bad.push(`messages.kk ${k}: ${v}`);
    const tables: Record<string, unknown> = {
      ERRORS: Object.fromEntries(Object.entries(ERRORS).map(([k, [, m]]) => [k, m])),
      REGIONS,
      ROLE_NAMES,
      STATUS_NAMES,
      CATEGORIES,
      CONSENT_PURPOSES,
      CONSENT_SYSTEMS,
      REFUSAL_GROUNDS,
    };
    for (const [name, table] of Object.entries(tables))
      for (const { path, t } of texts(table)) {
        if (CYRILLIC.test(t.en)) bad.push(`${name}${path}/en: ${t.en}`);
        if (/call-/i.test(t.kk)) bad.push(`${name}${path}/kk: ${t.kk}`);
      }
    assert.deepEqual(bad, []);
  });

  test('an address has an English line in Latin letters', () => {
    const a = formatAddress({ region: 'pavlodar', district: null, locality: { kk: 'Павлодар', ru: 'Павлодар' }, localityKind: 'city', street: { kk: 'Абай даңғылы', ru: 'проспект Абая' }, house: '12', flat: '3', id: 1 } as never);
    assert.equal(a.en, '12 Abai Avenue, flat 3, Pavlodar, Pavlodar region');
    assert.equal(a.ru, 'Павлодарская область, г. Павлодар, проспект Абая, д. 12, кв. 3');
    const b = formatAddress({ region: 'east-kazakhstan', district: null, locality: { kk: 'Глубокое', ru: 'Глубокое' }, localityKind: 'village', street: { kk: 'Бұқар жырау даңғылы', ru: 'проспект Бухар жырау' }, house: '5', flat: null, id: 2 } as never);
    assert.equal(b.en, '5 Bukar Zhyrau Avenue, Glubokoe village, East Kazakhstan region');
    for (const kk of ['Өскемен', 'Қарағанды', 'Жезқазған', 'Шоқан Уәлиханов көшесі', 'Есіл ауданы']) assert.doesNotMatch(latinName(kk), CYRILLIC, kk);
  });
});
