/**
 * Organisations as data (issue 9 item 3): the files load and are checked against the registry,
 * routing by service, region, district and form (every service routes for its region), staffMay,
 * the sync into the organisations table, GET /api/v1/organisations, and the case a submission
 * makes: the applicant, who submitted, a representative and the intake branch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../src/accounts/roles.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { AppError } from '../src/errors/errors.ts';
import { makeIin } from '../src/ids/iin.ts';
import { buildApp } from '../src/http/app.ts';
import { compileHours } from '../src/calendar/worktime.ts';
import { checkOrganisations, loadOrganisations, officeHours, OrganisationError, Organisations, parseOrganisationsFile } from '../src/organisations/organisations.ts';
import { routeProvider } from '../src/organisations/routing.ts';
import { staffMay } from '../src/organisations/staff.ts';
import { syncOrganisations } from '../src/organisations/sync.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import type { Registry } from '../src/registry/registry.ts';
import { engine, makeTestContext, openTestDb } from './helpers/context.ts';

let registry: Registry;
let orgs: Organisations;
before(async () => {
  registry = await loadRegistry();
  orgs = loadOrganisations(undefined, registry);
});

const def = (code: string) => registry.versions(code)[0]!;
const example = (code: string) => ({ ...(def(code).form as { example?: Record<string, unknown> }).example });
const route = (code: string, input: { region?: string | null; district?: string | null; form?: Record<string, unknown> } = {}) =>
  routeProvider(orgs, def(code), { form: input.form ?? example(code), region: input.region ?? null, district: input.district ?? null });
const routeError = (code: string, input: Parameters<typeof route>[1]) => {
  try {
    return `routed to ${route(code, input)}`;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return `${e.code} ${e.status} ${e.opts.path}`;
  }
};

describe('the organisation files', () => {
  test('load, and every demo account belongs to an organisation of a kind that fits its role', () => {
    assert.ok(orgs.list.length >= 20, `${orgs.list.length} organisations`);
    const kindOf: Record<string, string[]> = {
      'centre-operator': ['centre'],
      'branch-head': ['centre'],
      'akimat-officer': ['akimat'],
      'provider-clerk': ['provider'],
      'provider-head': ['provider'],
      'responsible-executor': ['provider'],
      'quality-auditor': ['quality-authority'],
      admin: ['operator'],
    };
    for (const a of DEMO_ACCOUNTS) {
      if (a.role === 'citizen') {
        assert.equal(a.orgId, null);
        continue;
      }
      const o = orgs.get(a.orgId);
      assert.ok(o, `${a.surname}: no organisation "${a.orgId}"`);
      assert.ok(kindOf[a.role]!.includes(o.kind), `${a.surname} is ${a.role} at a ${o.kind}`);
    }
    assert.ok(ROLES.every((r) => DEMO_ACCOUNTS.some((a) => a.role === r)), 'a demo account for every role');
  });

  test('demo staff for two regions: a clerk, a head and two executors each at the Pavlodar archives, a WKO civil-registry division and an education department; an operator per centre', () => {
    for (const id of ['pavlodar-archives', 'wko-oral-civil-registry', 'astana-education']) {
      const roles = DEMO_ACCOUNTS.filter((a) => a.orgId === id).map((a) => a.role).sort();
      assert.deepEqual(roles, ['provider-clerk', 'provider-head', 'responsible-executor', 'responsible-executor'], id);
    }
    for (const c of orgs.list.filter((o) => o.kind === 'centre' && o.region))
      assert.ok(DEMO_ACCOUNTS.some((a) => a.orgId === c.id && a.role === 'centre-operator'), `an operator at ${c.id}`);
    assert.ok(DEMO_ACCOUNTS.some((a) => a.role === 'akimat-officer' && orgs.get(a.orgId)?.kind === 'akimat'));
  });

  const file = (body: string) => `region: pavlodar\norganisations:\n${body}`;
  const org = (extra = '') => `  - id: x-archive\n    kind: provider\n    name: { kk: а, ru: а, en: a }\n    provides: [{ service: archival-reference }]\n${extra}`;
  const broken: Array<[string, string, string, RegExp]> = [
    ['an unknown key', org('    colour: red\n'), '/organisations/0', /colour/],
    ['a bad kind', org().replace('kind: provider', 'kind: ministry'), '/organisations/0/kind', /./],
    ['an unknown region', org('    region: mars\n'), '/organisations/0/region', /./],
    ['a bad id', org().replace('x-archive', 'X Archive'), '/organisations/0/id', /slug/],
    ['a name without en', org().replace(', en: a', ''), '/organisations/0/name/en', /./],
    ['bad hours', org('    hours: { from: "9", until: "18:00" }\n'), '/organisations/0/hours/from', /HH:MM/],
  ];
  for (const [what, body, path, detail] of broken)
    test(`refused at load, naming the file and the path: ${what}`, () => {
      assert.throws(
        () => parseOrganisationsFile(file(body), 'organisations/x.yaml'),
        (e: unknown) => e instanceof OrganisationError && e.file === 'organisations/x.yaml' && e.path === path && detail.test(e.detail),
      );
    });

  const semantic: Array<[string, string, string, RegExp]> = [
    ['an unknown service', org().replace('service: archival-reference', 'service: no-such-service'), '/organisations/0/provides/0/service', /unknown service/],
    ['an unknown parent', org('    parent: nobody\n'), '/organisations/0/parent', /unknown parent/],
    ['a condition over no field of the form', org().replace('{ service: archival-reference }', '{ service: archival-reference, when: { field: colour, op: eq, value: red } }'), '/organisations/0/provides/0/when', /colour/],
    ['a centre that provides', org().replace('kind: provider', 'kind: centre'), '/organisations/0/provides', /only a provider/],
    ['a front office that is a provider', org('    frontOfficeFor: all\n'), '/organisations/0/frontOfficeFor', /only a centre or an akimat/],
    ['a duplicate id', org() + org(), '/organisations/1/id', /duplicate/],
    ['a lunch outside the working day', org('    hours: { from: "09:00", until: "18:00", lunch: { from: "17:30", until: "19:00" } }\n'), '/organisations/0/hours/lunch', /break 17:30–19:00 must lie inside the working day 09:00–18:00/],
    ['Saturday hours that end before they start', org('    hours: { from: "09:00", until: "20:00", saturday: { from: "13:00", until: "09:00" } }\n'), '/organisations/0/hours/saturday', /Saturday hours 13:00–09:00/],
    ['working hours that end before they start', org('    hours: { from: "18:00", until: "09:00" }\n'), '/organisations/0/hours', /the end must be after the start/],
  ];
  for (const [what, body, path, detail] of semantic)
    test(`refused against the registry: ${what}`, () => {
      const list = parseOrganisationsFile(file(body), 'organisations/x.yaml');
      assert.throws(
        () => checkOrganisations(list, registry),
        (e: unknown) => e instanceof OrganisationError && e.path === path && detail.test(e.detail),
      );
    });

  test('working hours: an organisation’s own (a six-day centre), else the seed’s office day 09:00–18:00 with lunch 13:00–14:00', () => {
    const centre = orgs.get('psc-oral-01')!;
    assert.deepEqual(officeHours(centre), { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '20:00' } });
    const provider = orgs.get('wko-oral-civil-registry')!;
    assert.equal(provider.hours, null, 'the division declares none');
    assert.deepEqual(officeHours(provider), { from: '09:00', until: '18:00', breaks: [{ from: '13:00', until: '14:00' }] });
    assert.deepEqual(officeHours(provider), officeHours(null));
    assert.equal(officeHours(centre), officeHours(centre), 'the same object each time (its compiled schedule is cached)');
    // every organisation's hours compile
    for (const o of orgs.list) assert.doesNotThrow(() => compileHours(officeHours(o)), o.id);
  });

  test('a service of the registry that no organisation provides is refused', () => {
    const without = orgs.list.filter((o) => !o.provides.some((p) => p.service === 'processing-permit'));
    assert.throws(() => checkOrganisations(without, registry), /no organisation provides .*processing-permit/);
  });
});

describe('routing', () => {
  // Every service of the registry, in its region: who works its example application.
  const EXPECTED: Record<string, [region: string | null, orgId: string]> = {
    'address-reference': ['pavlodar', 'migration-police'],
    'adoption-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'archival-reference': ['pavlodar', 'pavlodar-archives'],
    'birth-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'civil-record-restoration': ['astana', 'astana-civil-registry'],
    'civil-record-restoration-wko': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'civil-repeat-certificate': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'death-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'divorce-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'end-user-certificate': ['astana', 'industrial-development-committee'],
    'guardianship-reference': ['astana', 'astana-education'],
    'identity-document': ['almaty', 'migration-police'],
    'marriage-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'minor-deposit-reference': ['almaty', 'almaty-education'],
    'name-change-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'paternity-registration': ['west-kazakhstan', 'wko-oral-civil-registry'],
    'processing-permit': ['pavlodar', 'industrial-development-committee'],
  };

  test('every service in the registry routes for its region', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...registry.codes()].sort(), 'the table covers the registry');
    for (const [code, [region, id]] of Object.entries(EXPECTED)) assert.equal(route(code, { region }), id, code);
  });

  test('the archive the form names: its own organisation when it has one, else the department', () => {
    const form = (archive: string) => ({ ...example('archival-reference'), archive });
    assert.equal(route('archival-reference', { form: form('pavlodar-oblast') }), 'pavlodar-oblast-archive');
    assert.equal(route('archival-reference', { form: form('ekibastuz'), region: 'pavlodar' }), 'ekibastuz-archive');
    assert.equal(route('archival-reference', { form: form('aksu') }), 'pavlodar-archives');
    assert.equal(routeError('archival-reference', { form: form('ekibastuz'), region: 'astana' }), 'NO_PROVIDER 422 /region', 'the archives are Pavlodar oblast’s');
  });

  test('district-level services: the district’s division, else the city of oblast significance; no region given → the one region they are provided in', () => {
    assert.equal(route('birth-registration', { region: 'west-kazakhstan', district: 'burli' }), 'wko-burli-civil-registry');
    assert.equal(route('birth-registration', { region: 'west-kazakhstan', district: 'baiterek' }), 'wko-baiterek-civil-registry');
    assert.equal(route('birth-registration', { region: 'west-kazakhstan', district: 'zhanibek' }), 'wko-oral-civil-registry', 'a district without its own division');
    assert.equal(route('birth-registration', {}), 'wko-oral-civil-registry');
    assert.equal(route('death-registration', { district: 'burli' }), 'wko-burli-civil-registry');
    assert.equal(routeError('birth-registration', { region: 'astana' }), 'NO_PROVIDER 422 /region', 'the WKO regulation is not Astana’s');
  });

  test('education departments: by region, and the district’s division; no region for a service of several regions → NO_PROVIDER at /region', () => {
    assert.equal(route('guardianship-reference', { region: 'almaty' }), 'almaty-education');
    assert.equal(route('guardianship-reference', { region: 'west-kazakhstan' }), 'wko-baiterek-education');
    assert.equal(route('minor-deposit-reference', { region: 'west-kazakhstan', district: 'baiterek' }), 'wko-baiterek-education');
    assert.equal(routeError('guardianship-reference', { region: 'pavlodar' }), 'NO_PROVIDER 422 /region');
    assert.equal(routeError('guardianship-reference', {}), 'NO_PROVIDER 422 /region');
    const e = (() => {
      try {
        route('guardianship-reference', {});
      } catch (x) {
        return x as AppError;
      }
    })()!;
    assert.ok(e.i18n.kk && e.i18n.ru && e.i18n.en);
    assert.deepEqual(e.opts.details, { service: 'guardianship-reference', region: null, district: null });
  });

  test('national bodies route from any region or none; two divisions in one district are ambiguous (NO_PROVIDER /district)', () => {
    for (const region of [null, 'astana', 'mangystau']) assert.equal(route('identity-document', { region }), 'migration-police');
    const twin = { ...orgs.get('wko-burli-civil-registry')!, id: 'wko-burli-twin', regionDefault: false };
    const withTwin = new Organisations([...orgs.list, twin]);
    assert.throws(
      () => routeProvider(withTwin, def('birth-registration'), { form: {}, region: 'west-kazakhstan', district: 'burli' }),
      (e: unknown) => e instanceof AppError && e.code === 'NO_PROVIDER' && e.opts.path === '/district',
    );
  });
});

describe('staffMay', () => {
  const clerk = { orgId: 'astana-education', roles: ['provider-clerk', 'citizen'] as const };
  test('the same organisation and one of the step’s roles; nothing for a citizen, another organisation or an unrouted subject', () => {
    assert.equal(staffMay({ ...clerk, roles: [...clerk.roles] }, { orgId: 'astana-education', role: 'provider-clerk' }), true);
    assert.equal(staffMay({ ...clerk, roles: [...clerk.roles] }, { orgId: 'astana-education', role: ['provider-head', 'provider-clerk'] }), true);
    assert.equal(staffMay({ ...clerk, roles: [...clerk.roles] }, { orgId: 'astana-education' }), true, 'membership alone');
    assert.equal(staffMay({ ...clerk, roles: [...clerk.roles] }, { orgId: 'astana-education', role: 'provider-head' }), false, 'another role');
    assert.equal(staffMay({ ...clerk, roles: [...clerk.roles] }, { orgId: 'almaty-education', role: 'provider-clerk' }), false, 'another organisation');
    assert.equal(staffMay({ ...clerk, roles: [...clerk.roles] }, { orgId: null, role: 'provider-clerk' }), false, 'not routed');
    assert.equal(staffMay({ orgId: null, roles: ['citizen'] }, { orgId: null }), false);
    assert.equal(staffMay({ orgId: 'pavlodar-archives', roles: ['provider-head'] }, { orgId: 'ekibastuz-archive', role: 'provider-head' }), false, 'a parent does not see its subordinate’s work');
  });
});

describe(`the organisations table (${engine})`, () => {
  test('sync writes every organisation, changes only what changed, and retires one no longer in the files', async () => {
    const db = await openTestDb();
    try {
      await migrate(db);
      await syncOrganisations(db, orgs);
      const rows = async () =>
        (await db.query<{ id: string; kind: string; region: string | null; retired: boolean; loaded_at: Date }>('SELECT id, kind, region, retired_at IS NOT NULL AS retired, loaded_at FROM organisations ORDER BY id')).rows;
      const first = await rows();
      assert.deepEqual(first.map((r) => r.id), orgs.list.map((o) => o.id).sort());
      assert.equal(first.find((r) => r.id === 'wko-peremetnoe-akimat')?.kind, 'akimat');
      await syncOrganisations(db, orgs);
      assert.deepEqual(await rows(), first, 'nothing changed, nothing rewritten');
      await syncOrganisations(db, new Organisations(orgs.list.filter((o) => o.id !== 'ekibastuz-archive')));
      const after = await rows();
      assert.equal(after.length, first.length, 'kept');
      assert.deepEqual(after.filter((r) => r.retired).map((r) => r.id), ['ekibastuz-archive']);
      await syncOrganisations(db, orgs);
      assert.deepEqual((await rows()).filter((r) => r.retired), [], 'back in the files, in force again');
    } finally {
      await db.drop();
    }
  });
});

describe(`over HTTP: the list, the demo accounts, the case a submission makes (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const acct = (orgId: string | null, role: string) => DEMO_ACCOUNTS.find((a) => a.orgId === orgId && a.role === role)!;
  const citizen = DEMO_ACCOUNTS[0]!;
  const login = async (a: (typeof DEMO_ACCOUNTS)[number]) => {
    if (tokens.has(a.iin)) return tokens.get(a.iin)!;
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: a.iin, password: a.password } });
    assert.equal(r.statusCode, 200, r.body);
    tokens.set(a.iin, r.json().token);
    return r.json().token as string;
  };
  let n = 0;
  const lodge = async (who: (typeof DEMO_ACCOUNTS)[number], body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${await login(who)}`, 'idempotency-key': `orgs-${Date.now()}-${++n}` }, payload: body });
  const row = async (id: string) =>
    (
      await ctx.db.query<Record<string, unknown>>(
        'SELECT applicant_id, applicant_iin, submitted_by, submitter_role, intake_org, provider_org, representative_iin, power_of_attorney, region FROM applications WHERE id = $1',
        [id],
      )
    ).rows[0]!;
  const userId = async (iin: string) => (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [iin])).rows[0]!.id;

  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  test('GET /api/v1/organisations lists names, kinds and regions, with filters; one by id; an unknown one is 404', async () => {
    const all = (await app.inject('/api/v1/organisations')).json().items as Array<{ id: string; kind: string; region: string | null }>;
    assert.equal(all.length, orgs.list.length);
    const wko = (await app.inject('/api/v1/organisations?region=west-kazakhstan&kind=akimat')).json().items as Array<{ id: string }>;
    assert.deepEqual(wko.map((o) => o.id).sort(), ['wko-burlin-akimat', 'wko-peremetnoe-akimat']);
    const arch = (await app.inject('/api/v1/organisations?service=archival-reference&kind=provider')).json().items as Array<{ id: string; provides: Array<{ conditional: boolean }> }>;
    assert.deepEqual(arch.map((o) => o.id), ['pavlodar-archives', 'pavlodar-oblast-archive', 'ekibastuz-archive']);
    const one = await app.inject('/api/v1/organisations/psc-oral-01');
    assert.equal(one.statusCode, 200);
    assert.deepEqual([one.json().kind, one.json().region, one.json().hours.saturday.until], ['centre', 'west-kazakhstan', '20:00']);
    assert.equal((await app.inject('/api/v1/organisations/nowhere')).statusCode, 404);
    assert.equal((await app.inject('/api/v1/organisations?kind=planet')).statusCode, 422);
  });

  test('the demo accounts carry their organisation (for the login page); a keystore not issued at seeding is issued on first download, then the same', async () => {
    const list = (await app.inject('/api/v1/demo/accounts')).json() as Array<{ iin: string; org: { id: string; name: { ru: string } } | null }>;
    assert.equal(list.length, DEMO_ACCOUNTS.length);
    assert.equal(list.find((a) => a.iin === citizen.iin)?.org, null);
    assert.equal(list.find((a) => a.iin === acct('astana-education', 'provider-clerk').iin)?.org?.name.ru, 'Управление образования города Астаны');
    const lazy = acct('psc-oral-01', 'centre-operator');
    assert.equal(await demoKeystore(ctx.db, lazy.iin, 'auth'), null, 'not issued at seeding');
    const first = await app.inject(`/api/v1/demo/keystores/${lazy.iin}/auth`);
    assert.equal(first.statusCode, 200);
    const again = await app.inject(`/api/v1/demo/keystores/${lazy.iin}/auth`);
    assert.ok(first.rawPayload.equals(again.rawPayload));
    assert.ok(await demoKeystore(ctx.db, acct('astana-education', 'provider-head').iin, 'sign'), 'heads sign: issued at seeding');
    assert.equal((await app.inject(`/api/v1/demo/keystores/000000000000/auth`)).statusCode, 404);
  });

  test('portal: the signer is applicant and submitter, no intake branch; the provider routed by service and form', async () => {
    const { signCms } = await import('../src/pki/sign.ts');
    const { signingPayload } = await import('../src/identity/payload.ts');
    const k = `orgs-portal-${Date.now()}`;
    const draft = { serviceCode: 'archival-reference', channel: 'portal', form: { ...example('archival-reference'), archive: 'ekibastuz' } };
    const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: citizen.iin, idempotencyKey: k }), (await demoKeystore(ctx.db, citizen.iin, 'sign'))!, citizen.password, { detached: true })).toString('base64');
    const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${await login(citizen)}`, 'idempotency-key': k }, payload: { ...draft, signature: { method: 'eds', cms } } });
    assert.equal(r.statusCode, 201, r.body);
    const me = await userId(citizen.iin);
    assert.deepEqual(await row(r.json().id), {
      applicant_id: me,
      applicant_iin: citizen.iin,
      submitted_by: me,
      submitter_role: 'citizen',
      intake_org: null,
      provider_org: 'ekibastuz-archive',
      representative_iin: null,
      power_of_attorney: null,
      region: null,
    });
  });

  test('a centre intake records the person the form names as the applicant (their cabinet shows it), the operator as submitter, the centre as intake branch', async () => {
    const operator = acct('psc-astana-01', 'centre-operator');
    const form = { ...example('guardianship-reference'), guardianIin: citizen.iin };
    delete (form as Record<string, unknown>).decisionScan;
    const r = await lodge(operator, { serviceCode: 'guardianship-reference', channel: 'centre', form });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id as string;
    assert.deepEqual(await row(id), {
      applicant_id: await userId(citizen.iin),
      applicant_iin: citizen.iin,
      submitted_by: await userId(operator.iin),
      submitter_role: 'centre-operator',
      intake_org: 'psc-astana-01',
      provider_org: 'astana-education',
      representative_iin: null,
      power_of_attorney: null,
      region: 'astana',
    });
    const mine = (await app.inject({ url: '/api/v1/applications', headers: { authorization: `Bearer ${await login(citizen)}` } })).json().items as Array<{ id: string }>;
    assert.ok(mine.some((a) => a.id === id), 'in the applicant’s cabinet');
    assert.equal((await app.inject({ url: `/api/v1/applications/${id}`, headers: { authorization: `Bearer ${await login(citizen)}` } })).statusCode, 200);
    const ops = (await app.inject({ url: '/api/v1/applications', headers: { authorization: `Bearer ${await login(operator)}` } })).json().items as Array<{ id: string }>;
    assert.ok(!ops.some((a) => a.id === id), 'not in the operator’s own cabinet');
  });

  test('a form without an applicant field: the applicant’s IIN comes with the intake (required), a person without an account has none; a representative with a power of attorney is recorded', async () => {
    const operator = acct('psc-oral-01', 'centre-operator');
    const body = { serviceCode: 'death-registration', channel: 'centre', form: { ...example('death-registration'), viaRepresentative: true } };
    const none = await lodge(operator, body);
    assert.equal(none.statusCode, 422, none.body);
    assert.deepEqual([none.json().code, none.json().path], ['APPLICANT_REQUIRED', '/intake/applicantIin']);
    const noAccount = makeIin('1986-01-01', 'male', 15);
    const noRep = await lodge(operator, { ...body, intake: { applicantIin: noAccount } });
    assert.deepEqual([noRep.json().code, noRep.json().path], ['REPRESENTATIVE_REQUIRED', '/intake/representative']);
    const rep = DEMO_ACCOUNTS[1]!;
    const poa = { number: '2025-0042', date: '2025-03-01', notary: 'Нотариус г. Уральск Ахметова А.' };
    const r = await lodge(operator, { ...body, intake: { applicantIin: noAccount, representative: { iin: rep.iin, powerOfAttorney: poa } } });
    assert.equal(r.statusCode, 201, r.body);
    const got = await row(r.json().id);
    assert.deepEqual(
      [got.applicant_id, got.applicant_iin, got.submitter_role, got.intake_org, got.provider_org, got.representative_iin, got.power_of_attorney],
      [null, noAccount, 'centre-operator', 'psc-oral-01', 'wko-oral-civil-registry', rep.iin, { ...poa, checkedInRegistry: false }],
    );
  });

  test('an akimat front office routes to its district’s division; a centre of another region gets NO_PROVIDER; staff cannot be their own applicant or file where their organisation does not take it', async () => {
    const officer = acct('wko-peremetnoe-akimat', 'akimat-officer');
    const body = { serviceCode: 'death-registration', channel: 'provider', form: example('death-registration'), intake: { applicantIin: citizen.iin } };
    const r = await lodge(officer, body);
    assert.equal(r.statusCode, 201, r.body);
    const got = await row(r.json().id);
    assert.deepEqual([got.submitter_role, got.intake_org, got.provider_org], ['akimat-officer', 'wko-peremetnoe-akimat', 'wko-baiterek-civil-registry']);
    const astana = await lodge(acct('psc-astana-01', 'centre-operator'), { ...body, channel: 'centre' });
    assert.deepEqual([astana.statusCode, astana.json().code, astana.json().path], [422, 'NO_PROVIDER', '/region']);
    const self = await lodge(officer, { ...body, intake: { applicantIin: officer.iin } });
    assert.deepEqual([self.statusCode, self.json().code], [422, 'APPLICANT_REQUIRED']);
    const notFront = await lodge(officer, { serviceCode: 'archival-reference', channel: 'provider', form: example('archival-reference') });
    assert.deepEqual([notFront.statusCode, notFront.json().code], [403, 'NOT_FRONT_OFFICE']);
    const wrongChannel = await lodge(officer, { ...body, channel: 'centre' });
    assert.deepEqual([wrongChannel.statusCode, wrongChannel.json().code], [403, 'NOT_FRONT_OFFICE']);
    const portalIntake = await lodge(citizen, { serviceCode: 'archival-reference', channel: 'portal', form: example('archival-reference'), intake: { applicantIin: citizen.iin } });
    assert.deepEqual([portalIntake.statusCode, portalIntake.json().path], [400, '/intake']);
  });
});
