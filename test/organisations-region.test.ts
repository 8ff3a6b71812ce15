/**
 * A portal application for a service that different organisations provide in different regions
 * (guardianship and minors' deposit references: the education departments of Astana, Almaty and
 * Baiterek district) is always routed: without a region it takes the region of the applicant's
 * permanent registration in the persons DB (through the gateway, on the basis of their own data);
 * when that is unknown, unreadable or served by no one, 422 REGION_REQUIRED at `/region` with a
 * kk/ru/en message and nothing written — never an unrouted application whose delivery job then
 * fails. Unit tests of `routePortal` with a stub gateway, then the whole submission over HTTP
 * with the synthetic population (both engines).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../src/accounts/accounts.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { AppError, ERRORS } from '../src/errors/errors.ts';
import { GatewayError } from '../src/gateway/errors.ts';
import { makeIin } from '../src/ids/iin.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { routePortal } from '../src/organisations/intake.ts';
import { loadOrganisations, type Organisations } from '../src/organisations/organisations.ts';
import { signCms } from '../src/pki/sign.ts';
import { loadRegistry, type Registry } from '../src/registry/registry.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { withRequiredFiles } from './helpers/files.ts';

const SERVICE = 'guardianship-reference';
const user = { id: '00000000-0000-7000-8000-000000000001', iin: '880515300120' };

describe('routePortal: the region of a portal application', () => {
  let registry: Registry;
  let orgs: Organisations;
  before(async () => {
    registry = await loadRegistry();
    orgs = loadOrganisations(undefined, registry);
  });
  const def = (code: string) => registry.versions(code).at(-1)!;
  const form = (code: string) => ({ ...(def(code).form.example as Record<string, unknown>) });

  /** A gateway whose persons DB answers `answer` (a region, none, not found, or unavailable), counting the reads. */
  function gateway(answer: string | null | 'not-found' | 'down') {
    const calls: Array<{ iin: string; meta: Record<string, unknown> }> = [];
    const send = async (_system: string, _service: string, req: { iin: string }, meta: Record<string, unknown>) => {
      calls.push({ iin: req.iin, meta });
      if (answer === 'down') throw new GatewayError('GATEWAY_UNAVAILABLE', { systemId: 'persons', serviceId: 'getPerson', correlationId: 'c1', retryAfterMs: 1000 });
      if (answer === 'not-found') return { status: 'not_found', reason: 'NO_SUCH_PERSON', message: { kk: '-', ru: '-', en: '-' }, info: {} };
      return { status: 'ok', data: { iin: req.iin, address: answer === null ? null : { region: answer } }, info: {} };
    };
    return { ctx: { orgs, gateway: { send } as never }, calls };
  }
  const refused = async (p: Promise<unknown>): Promise<AppError> => {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof AppError, String(e));
      return e;
    }
    assert.fail('expected a refusal');
  };

  test('a region given is used as it is; a service of one region or of one provider needs none; neither reads the persons DB', async () => {
    const g = gateway('pavlodar');
    assert.deepEqual(await routePortal(g.ctx, user, def(SERVICE), form(SERVICE), 'almaty'), { providerOrg: 'almaty-education', region: 'almaty' });
    assert.deepEqual(await routePortal(g.ctx, user, def('archival-reference'), form('archival-reference'), null), { providerOrg: 'pavlodar-archives', region: null });
    assert.deepEqual(await routePortal(g.ctx, user, def('identity-document'), form('identity-document'), null), { providerOrg: 'migration-police', region: null });
    assert.equal(g.calls.length, 0);
  });

  test('no region for a service of several regions: the region of the registered address, read as the person’s own data', async () => {
    for (const [home, org] of [
      ['astana', 'astana-education'],
      ['almaty', 'almaty-education'],
      ['west-kazakhstan', 'wko-baiterek-education'],
    ] as const) {
      const g = gateway(home);
      assert.deepEqual(await routePortal(g.ctx, user, def(SERVICE), form(SERVICE), null), { providerOrg: org, region: home }, home);
      assert.deepEqual(await routePortal(g.ctx, user, def('minor-deposit-reference'), form('minor-deposit-reference'), null), { providerOrg: org, region: home }, home);
      assert.equal(g.calls[0]!.iin, user.iin);
      assert.deepEqual([g.calls[0]!.meta.self, g.calls[0]!.meta.purpose, g.calls[0]!.meta.actorId], [{ iin: user.iin }, SERVICE, user.id]);
    }
  });

  test('a region that cannot be taken from the address, or that no one serves: 422 REGION_REQUIRED at /region, naming the regions to choose from', async () => {
    for (const [answer, reason] of [
      ['pavlodar', 'not-served'],
      [null, 'no-registration'],
      ['not-found', 'no-registration'],
      ['down', 'unavailable'],
    ] as const) {
      const e = await refused(routePortal(gateway(answer).ctx, user, def(SERVICE), form(SERVICE), null));
      assert.deepEqual([e.code, e.status, e.opts.path], ['REGION_REQUIRED', 422, '/region'], String(answer));
      assert.deepEqual(e.opts.details, { service: SERVICE, regions: ['almaty', 'astana', 'west-kazakhstan'], registeredRegion: answer === 'pavlodar' ? 'pavlodar' : null, reason }, String(answer));
    }
    // The message names the field in every language.
    const [, msg] = ERRORS.REGION_REQUIRED;
    for (const l of ['kk', 'ru', 'en'] as const) assert.match(msg[l], /region/, l);
    // A region given that no provider serves stays the applicant's mistake (no read).
    const g = gateway('astana');
    const e = await refused(routePortal(g.ctx, user, def(SERVICE), form(SERVICE), 'pavlodar'));
    assert.deepEqual([e.code, e.opts.path, g.calls.length], ['NO_PROVIDER', '/region', 0]);
  });
});

describe(`a portal application of a service of several regions, over HTTP (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen' && !a.mfaSms)!;
  const stranger = { iin: makeIin('1961-02-03', 'male', 987), password: 'Stranger-pass-2026' };

  before(async () => {
    // The demo citizen's family and addresses come first in the synthetic population (src/registries/seed/demo-families.ts).
    ctx = await makeTestContext({ population: 40 });
    app = await buildApp(ctx);
    await createUser(ctx.db, { iin: stranger.iin, surname: 'Белгісіз', givenName: 'Адам', patronymic: null, password: stranger.password, roles: ['citizen'], orgId: null, phone: '+77015550123' });
  });
  after(async () => {
    await app?.close();
    await ctx?.close();
  });

  const login = async (iin: string, password: string) => (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin, password } })).json().token as string;

  async function submit(who: { iin: string; password: string }, p12: Buffer, token: string) {
    const example = (await app.inject({ url: `/api/v1/services/${SERVICE}` })).json().form.example as Record<string, unknown>;
    const form = await withRequiredFiles(app.inject.bind(app) as never, token, SERVICE, { ...example, guardianIin: who.iin });
    const key = `region-${engine}-${randomBytes(4).toString('hex')}`;
    const draft = { serviceCode: SERVICE, channel: 'portal', form };
    const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: null, applicantIin: who.iin, idempotencyKey: key }), p12, who.password, { detached: true })).toString('base64');
    return app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
  }

  test('routed by the registered address: the region is recorded, the delivery job opens the provider’s first task', async () => {
    const person = await ctx.gateway.send('persons', 'getPerson', { iin: citizen.iin }, { sender: 'qyzmet-test', purpose: 'test', legalBasis: 'test fixture' });
    assert.equal(person.status, 'ok');
    const home = person.status === 'ok' ? person.data.address?.region : null;
    assert.equal(home, 'astana', 'the demo citizen lives in Astana');
    const r = await submit(citizen, (await demoKeystore(ctx.db, citizen.iin, 'sign'))!, await login(citizen.iin, citizen.password));
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id as string;
    const row = (await ctx.db.query<{ provider_org: string | null; region: string | null }>('SELECT provider_org, region FROM applications WHERE id = $1', [id])).rows[0]!;
    assert.deepEqual(row, { provider_org: 'astana-education', region: 'astana' });
    // The read is logged under the service, as the person's own.
    const calls = await ctx.gateway.flush().then(() => ctx.db.query<{ n: number }>("SELECT count(*)::int n FROM gateway_calls WHERE system_id = 'persons' AND purpose = $1 AND subject_iin = $2", [SERVICE, citizen.iin]));
    assert.ok(calls.rows[0]!.n >= 1);
    // The delivery job no longer fails: the process starts at the provider.
    await runDueJobs(ctx, JOB_HANDLERS);
    const job = (await ctx.db.query<{ state: string }>("SELECT state FROM jobs WHERE kind = 'application.deliver' AND payload->>'applicationId' = $1", [id])).rows[0];
    assert.equal(job?.state, 'done');
    const task = (await ctx.db.query<{ org_id: string; state: string }>('SELECT org_id, state FROM tasks WHERE application_id = $1', [id])).rows;
    assert.deepEqual(task, [{ org_id: 'astana-education', state: 'open' }]);
  });

  test('no registration in the persons DB: 422 REGION_REQUIRED at /region in kk/ru/en, and nothing is written', async () => {
    const issued = await ctx.pki.ca!.issue({ iin: stranger.iin, name: { surname: 'Белгісіз', givenName: 'Адам' }, usage: 'sign', algorithm: 'ecdsa', password: stranger.password });
    const before = (await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM applications')).rows[0]!.n;
    const r = await submit(stranger, Buffer.from(issued.pkcs12, 'base64'), await login(stranger.iin, stranger.password));
    assert.equal(r.statusCode, 422, r.body);
    const body = r.json() as { code: string; path: string; message: Record<string, string>; details: { regions: string[]; reason: string } };
    assert.deepEqual([body.code, body.path, body.details.reason], ['REGION_REQUIRED', '/region', 'no-registration']);
    assert.deepEqual(body.details.regions, ['almaty', 'astana', 'west-kazakhstan']);
    for (const l of ['kk', 'ru', 'en']) assert.ok(body.message[l]?.includes('region'), l);
    assert.equal((await ctx.db.query<{ n: number }>('SELECT count(*)::int n FROM applications')).rows[0]!.n, before, 'nothing written');
  });
});
