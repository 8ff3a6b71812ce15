/**
 * What a citizen reads (issue 8 item 14, "authors' notes reach citizens"): editorial notes and
 * readings of ambiguities are for maintainers only — an `editorial` field and `ambiguities`
 * served to admins (service detail and GET /api/v1/admin/editorial), never in the citizen's
 * view; the loader refuses editorial wording ("Qyzmet", "the source", "excerpt", …) in citizen text.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { signCms } from '../src/pki/sign.ts';
import { DEMO_RELATIVES } from '../src/registries/seed/demo-families.ts';
import { buildApp } from '../src/http/app.ts';
import { makeIin } from '../src/ids/iin.ts';
import { DefinitionError, loadDefinitions } from '../src/registry/loader.ts';
import { makeTestContext } from './helpers/context.ts';

/** Words by which an author talks about the sources rather than to the citizen (checked independently of the loader's list). */
const AUTHORS_WORDS = [
  /Qyzmet/i,
  /\b(source|sources|corpus|excerpt)\b/i,
  /working edition|working term/i,
  /источник|выдержк|рабочая редакция|рабочий срок|текст на русском/i,
  /дереккөз|үзінді|жұмыс редакциясы|жұмыс мерзімі|тіліндегі мәтін/i,
];

function strings(v: unknown, path = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof v === 'string') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${path}/${i}`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'source') strings(x, `${path}/${k}`, out);
  return out;
}
function keysDeep(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) keysDeep(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysDeep(x, out);
    }
  return out;
}

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen')!;
const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
let citizenToken = '';
let adminToken = '';

async function login(a: (typeof DEMO_ACCOUNTS)[number]) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: a.iin, password: a.password } });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().token as string;
}

before(async () => {
  ctx = await makeTestContext({ population: 300 });
  app = await buildApp(ctx);
  citizenToken = await login(citizen);
  adminToken = await login(admin);
});
after(async () => {
  await app.close();
  await ctx.close();
});

describe("the citizen's view of a service has no authors' notes", () => {
  test('no version of any service, as served to a citizen, carries editorial wording, an editorial field or ambiguity readings', async () => {
    const codes = (await app.inject('/api/v1/services')).json().items.map((s: { code: string }) => s.code) as string[];
    assert.equal(codes.length, 17);
    let versions = 0;
    for (const code of codes) {
      const current = (await app.inject({ url: `/api/v1/services/${code}`, headers: { authorization: `Bearer ${citizenToken}` } })).json();
      for (const { version } of current.versions as Array<{ version: number }>) {
        versions++;
        const r = await app.inject(`/api/v1/services/${code}?version=${version}`);
        assert.equal(r.statusCode, 200);
        const body = r.json();
        const keys = keysDeep(body);
        assert.ok(!keys.has('editorial') && !keys.has('ambiguities'), `${code} v${version}: maintainers' fields are not served to citizens`);
        for (const [path, s] of strings(body)) {
          if (path.startsWith('/keywords') || path.startsWith('/form/example')) continue;
          for (const w of AUTHORS_WORDS) assert.doesNotMatch(s, w, `${code} v${version} ${path}: ${s}`);
        }
      }
    }
    assert.ok(versions > 17, 'older versions were checked too');
  });

  test('birth registration says plainly that the provider names the further documents; the refusal ground and the legal act read as law, not as notes', async () => {
    const d = (await app.inject('/api/v1/services/birth-registration')).json();
    const cl9 = d.documents.filter((x: { id: string }) => x.id.startsWith('standard-cl9'));
    assert.equal(cl9.length, 2);
    for (const doc of cl9) {
      assert.match(doc.name.en, /the provider will tell you/);
      assert.match(doc.name.ru, /скажет услугодатель/);
      assert.match(doc.name.kk, /көрсетілетін қызметті беруші айтады/);
    }
    const ground = d.refusalGrounds.find((g: { id: string }) => g.id === 'standard-cl10');
    assert.match(ground.text.en, /cl\.10 of the Standard/);
    assert.equal(d.legalAct.kind, 'working-edition');
    assert.doesNotMatch(JSON.stringify(d.legalAct), /Qyzmet|repealed|утратившего|күші жойылған/);
    assert.equal(d.legalAct.number, '205', 'the act whose procedure is followed');
    assert.equal(d.legalAct.amendedBy.ru, 'в редакции № 363');
  });

  test('an admin gets the editorial notes (with the path of the text they concern) and the ambiguity readings; a citizen does not', async () => {
    const asAdmin = (await app.inject({ url: '/api/v1/services/address-reference', headers: { authorization: `Bearer ${adminToken}` } })).json();
    assert.ok(Array.isArray(asAdmin.ambiguities) && asAdmin.ambiguities.length > 0);
    const notes = asAdmin.editorial as Array<{ path: string; text: string }>;
    assert.ok(notes.some((n) => n.path === '/fees' && /Qyzmet treats the service as free/.test(n.text)), JSON.stringify(notes));
    assert.ok(notes.some((n) => n.path.startsWith('/terms/') && /working term/.test(n.text)));
    assert.equal(asAdmin.fees.note, undefined, 'the fee note was an authors’ note');
    const asCitizen = (await app.inject({ url: '/api/v1/services/address-reference', headers: { authorization: `Bearer ${citizenToken}` } })).json();
    assert.equal(asCitizen.editorial, undefined);
    assert.equal(asCitizen.ambiguities, undefined);
  });

  test('GET /api/v1/admin/editorial lists every version’s notes for admins only', async () => {
    assert.equal((await app.inject('/api/v1/admin/editorial')).statusCode, 401);
    const denied = await app.inject({ url: '/api/v1/admin/editorial', headers: { authorization: `Bearer ${citizenToken}` } });
    assert.equal(denied.statusCode, 403);
    const r = await app.inject({ url: '/api/v1/admin/editorial', headers: { authorization: `Bearer ${adminToken}` } });
    assert.equal(r.statusCode, 200);
    const items = r.json().items as Array<{ code: string; version: number; editorial: Array<{ path: string; text: string; citizenText?: { en: string } }>; ambiguities: unknown[] }>;
    const birth2 = items.find((x) => x.code === 'birth-registration' && x.version === 2);
    assert.ok(birth2);
    const act = birth2.editorial.find((n) => n.path === '/legalAct');
    assert.ok(act && /working edition/i.test(act.text), 'the working-edition remark moved to the maintainers');
    const doc = birth2.editorial.find((n) => n.path.startsWith('/documents/'));
    assert.ok(doc?.citizenText, 'each note shows the citizen text it concerns');
    assert.ok(items.every((x) => Array.isArray(x.ambiguities)));
  });
});

describe('the loader refuses editorial wording in citizen text', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const i18n = (s: string) => ({ kk: `${s} (kk)`, ru: `${s} (ru)`, en: s });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture mutated freely
  function load(change: (d: Record<string, any>) => void) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixture
    const d: Record<string, any> = {
      code: 'demo',
      version: 1,
      effectiveFrom: '2020-01-01',
      legalAct: { kind: 'standard', title: i18n('Demo standard') },
      digestRef: 'S99',
      name: i18n('Demo service'),
      sphere: 'archives',
      categories: ['archives'],
      provider: { kind: 'archive', name: i18n('Demo archive') },
      recipients: ['individual'],
      channels: ['portal'],
      automation: 'fully-automated',
      terms: [{ id: 'main', channels: ['portal'], amount: 5, unit: 'working-days', label: i18n('Five working days') }],
      extensions: [],
      fees: { kind: 'free', items: [], exemptions: [] },
      documents: [{ id: 'e-request', name: i18n('E-request'), channels: ['portal'], form: 'e-request' }],
      fetchedData: [],
      result: { description: i18n('A reference'), form: 'electronic' },
      refusalGrounds: [],
      complaints: [],
      process: {
        portal: {
          steps: [
            { id: 'submit', kind: 'intake', actor: 'applicant', action: i18n('Submits'), next: [{ to: 'decide' }], status: 'submitted' },
            { id: 'decide', kind: 'automatic', actor: 'provider-system', action: i18n('Decides'), next: [{ to: 'end' }], status: 'refused', outcome: 'refusal' },
          ],
        },
      },
      form: { fields: [{ name: 'applicantIin', type: 'iin', role: 'other', required: true, label: i18n('IIN') }], example: { applicantIin: makeIin('1990-01-01', 'male') } },
      ambiguities: [{ ref: 'x', reading: 'Qyzmet reads the source so (maintainers only: allowed)' }],
    };
    change(d);
    const root = mkdtempSync(join(tmpdir(), 'qyzmet-citizen-'));
    dirs.push(root);
    mkdirSync(join(root, 'services/demo'), { recursive: true });
    writeFileSync(join(root, 'services/demo/v1.yaml'), stringify(d));
    return () => loadDefinitions({ dir: join(root, 'services') });
  }

  test('an editorial remark in an editorial field loads', () => {
    const defs = load((d) => {
      d.fees.editorial = 'The source states no fee; Qyzmet treats the service as free.';
      d.documents[0].editorial = 'Only an excerpt of the standard is in the corpus.';
    })();
    assert.equal(defs[0]?.fees.editorial, 'The source states no fee; Qyzmet treats the service as free.');
  });

  for (const [where, change, path] of [
    ['a fee note', (d: Record<string, any>) => (d.fees.note = i18n('Qyzmet treats the service as free')), '/fees/note/kk'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a refusal ground (ru)', (d: Record<string, any>) => (d.refusalGrounds = [{ id: 'g', text: { kk: 'Негіздер', ru: 'Основания (Стандарт в источниках отсутствует)', en: 'Grounds' } }]), '/refusalGrounds/0/text/ru'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a provider name (kk)', (d: Record<string, any>) => (d.provider.name = { kk: 'Органдар (үзіндіде аталмаған)', ru: 'Органы', en: 'Bodies' }), '/provider/name/kk'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a legal act title', (d: Record<string, any>) => (d.legalAct.title = { kk: 'Демо', ru: 'Демо', en: 'Demo – Qyzmet working edition' }), '/legalAct/title/en'], // eslint-disable-line @typescript-eslint/no-explicit-any
  ] as const) {
    test(`refused: ${where}`, () => {
      assert.throws(load(change), (e: unknown) => {
        assert.ok(e instanceof DefinitionError, String(e));
        assert.equal(e.rule, 'editorial-wording');
        assert.equal(e.path, path);
        return true;
      });
    });
  }
});

describe('a refusal says its ground in words and what to do next', () => {
  let n = 0;
  async function apply(form: Record<string, unknown>) {
    const key = `cv-${++n}-${Date.now()}`;
    const draft = { serviceCode: 'address-reference', channel: 'portal', form };
    const p12 = await demoKeystore(ctx.db, citizen.iin, 'sign');
    const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: key }), p12!, citizen.password, { detached: true })).toString('base64');
    const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${citizenToken}`, 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
    assert.equal(r.statusCode, 201, r.body);
    return (await app.inject({ url: `/api/v1/applications/${r.json().id}`, headers: { authorization: `Bearer ${citizenToken}` } })).json();
  }

  for (const [subject, iin, ground, words, next] of [
    ['child', DEMO_RELATIVES.marat, 'NO_RECORD', /no record of the relationship/i, /public service centre with the document that proves the relationship/],
    ['child', DEMO_RELATIVES.timur, 'BIRTH_RECORD_BEFORE_CUTOFF', /on paper only/, /birth certificate/],
    ['spouse', DEMO_RELATIVES.zhanar, 'DIVORCED', /dissolved/, /former spouse/],
    ['child', DEMO_RELATIVES.zhanar, 'NOT_CONFIRMED', /does not confirm/, /Check the relation you chose/],
  ] as const) {
    test(`${ground}: groundText and nextSteps in kk/ru/en, never the bare code`, async () => {
      const d = await apply({ subject, subjectIin: iin });
      assert.equal(d.status, 'refused');
      const doc = d.result.document;
      assert.equal(doc.ground, ground, 'the code stays for machines');
      for (const lang of ['kk', 'ru', 'en'] as const) {
        assert.ok(doc.groundText[lang] && doc.nextSteps[lang], `${lang} words`);
        assert.doesNotMatch(doc.groundText[lang] + doc.nextSteps[lang], /[A-Z]{2,}_[A-Z]/, 'no raw code in the words');
      }
      assert.match(doc.groundText.en, words);
      assert.match(doc.nextSteps.en, next);
      assert.doesNotMatch(doc.nextSteps.en, /ЦОН|ХҚКО/, 'English words only in English');
    });
  }
});

describe('prefill: what the state holds about the signed-in person, read on their own behalf', () => {
  test('the archival reference form gets the name and address from the persons DB and the phone from the account; the read is in "who accessed my data"', async () => {
    const r = await app.inject({ url: '/api/v1/me/prefill?service=archival-reference', headers: { authorization: `Bearer ${citizenToken}` } });
    assert.equal(r.statusCode, 200, r.body);
    const { values, sources } = r.json() as { values: Record<string, string | Record<string, string>>; sources: Record<string, string> };
    const person = (await ctx.db.query<{ surname: string; given_name: string; patronymic: string | null }>('SELECT surname, given_name, patronymic FROM gbdfl_persons WHERE iin = $1', [citizen.iin])).rows[0]!;
    assert.equal(values.applicantName, [person.surname, person.given_name, person.patronymic].filter(Boolean).join(' '));
    const addr = values.applicantAddress as Record<string, string>;
    assert.ok(typeof addr === 'object' && addr.ru && addr.ru.length > 5, 'the registered address, bilingual');
    assert.equal(values.applicantPhone, citizen.phone);
    assert.deepEqual(sources, { applicantName: 'persons', applicantAddress: 'persons', applicantPhone: 'account' });
    const log = (await app.inject({ url: '/api/v1/me/data-access', headers: { authorization: `Bearer ${citizenToken}` } })).json().items as Array<{ system: string; purpose: string; subject: { self: boolean } }>;
    assert.ok(log.some((x) => x.system === 'persons' && x.purpose === 'archival-reference' && x.subject.self), 'the read is logged as the person’s own');
  });

  test('a service without prefilled fields reads nothing; unknown service 404; signed out 401', async () => {
    await ctx.gateway.flush();
    const count = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM gateway_calls')).rows[0]!.n;
    const before = await count();
    const r = await app.inject({ url: '/api/v1/me/prefill?service=death-registration', headers: { authorization: `Bearer ${citizenToken}` } });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(Object.keys(r.json().values), ['phone'], 'only the account phone');
    await ctx.gateway.flush();
    assert.equal(await count(), before, 'no state-system read');
    assert.equal((await app.inject({ url: '/api/v1/me/prefill?service=nope', headers: { authorization: `Bearer ${citizenToken}` } })).statusCode, 404);
    assert.equal((await app.inject('/api/v1/me/prefill?service=archival-reference')).statusCode, 401);
  });

  test('the own-data basis covers only the signed-in person', async () => {
    const { consentPolicy } = await import('../src/consent/policy.ts');
    const meta = { sender: 'qyzmet-portal', purpose: 'x', self: { iin: citizen.iin } };
    assert.equal(await consentPolicy({ systemId: 'persons', subjectIin: citizen.iin, meta, q: ctx.db } as never), null);
    assert.equal(await consentPolicy({ systemId: 'persons', subjectIin: DEMO_RELATIVES.marat, meta, q: ctx.db } as never), 'NO_CONSENT');
  });
});

describe('catalogue search over HTTP', () => {
  test('"ЗАГС" finds every service whose card names the civil registry offices; a 250-character query is answered', async () => {
    const zags = (await app.inject({ url: '/api/v1/services', query: { q: 'ЗАГС' } })).json().items as Array<{ code: string; provider: { name: { ru: string } } }>;
    const all = (await app.inject('/api/v1/services')).json().items as Array<{ code: string; provider: { name: { ru: string } } }>;
    const onCard = all.filter((s) => /ЗАГС/.test(s.provider.name.ru)).map((s) => s.code).sort();
    assert.deepEqual(zags.map((s) => s.code).filter((c) => onCard.includes(c)).sort(), onCard);
    const long = await app.inject({ url: '/api/v1/services', query: { q: 'архивная справка о стаже '.repeat(10) } });
    assert.equal(long.statusCode, 200, long.body);
    assert.equal(long.json().items[0].code, 'archival-reference');
  });
});
