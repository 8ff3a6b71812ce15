/**
 * Co-signature by the second applicant (issue 8 item 15; src/applications/cosign.ts): the minors'
 * deposit reference filed by one parent waits for the other parent's signature; the second
 * parent signs in their own cabinet (EDS or SMS), declines, or lets the time run out (the timer
 * annuls it). Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { SubmitBatcher, type SubmitRow } from '../src/applications/batch.ts';
import { annulmentReason, expireCoSignatures, kzDateTime, requiredCoSigners } from '../src/applications/cosign.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { coSigningPayload } from '../src/identity/cosign-payload.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS, JOB_TIMERS } from '../src/jobs/handlers.ts';
import { startWorker } from '../src/jobs/worker.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { signCms } from '../src/pki/sign.ts';
import { regionFor } from './helpers/region.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const SERVICE = 'minor-deposit-reference';
const parent1 = DEMO_ACCOUNTS[0]!;
const parent2 = DEMO_ACCOUNTS[1]!; // a citizen with its own phone (and an SMS second factor)
const stranger = DEMO_ACCOUNTS[2]!; // another person, also a citizen

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();
let example: Record<string, unknown> = {};
let n = 0;

async function lastCode(phone: string): Promise<string> {
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone } })).json().items[0].body as string;
  return /\b(\d{6})\b/.exec(sms)![1]!;
}

async function loginAs(who: (typeof DEMO_ACCOUNTS)[number]): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  if (!r.json().mfaRequired) return r.json().token as string;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: await lastCode(who.phone) } });
  assert.equal(r2.statusCode, 200, r2.body);
  return r2.json().token as string;
}

const auth = (who: (typeof DEMO_ACCOUNTS)[number], extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens.get(who.iin)}`, ...extra });

async function cmsOf(who: (typeof DEMO_ACCOUNTS)[number], bytes: Uint8Array): Promise<string> {
  const p12 = await demoKeystore(ctx.db, who.iin, 'sign');
  return Buffer.from(await signCms(bytes, p12!, who.password, { detached: true })).toString('base64');
}

/** Parent 1 files the reference naming `second` as the other parent, signed with the SIGN key. */
async function file(second: string = parent2.iin, over: Record<string, unknown> = {}) {
  const key = `cosign-${engine}-${++n}-${randomBytes(3).toString('hex')}`;
  const form: Record<string, unknown> = { ...example, representativeIin: parent1.iin, secondRepresentativeIin: second, ...over };
  for (const [k, v] of Object.entries(form)) if (v === undefined) delete form[k];
  // This context has no population to take the region from the address: it is named.
  const draft = { serviceCode: SERVICE, channel: 'portal', form, region: regionFor(ctx.orgs, SERVICE)! };
  const cms = await cmsOf(parent1, signingPayload({ ...draft, applicantIin: parent1.iin, idempotencyKey: key }));
  return app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(parent1, { 'idempotency-key': key }), payload: { ...draft, signature: { method: 'eds', cms } } });
}

async function filed(): Promise<{ id: string; number: string }> {
  const r = await file();
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

const url = (id: string, tail = '') => `/api/v1/me/co-sign-requests/${id}${tail}`;

/** The co-sign bytes as the server serves them, signed with parent 2's SIGN key. */
async function edsCoSignature(id: string, who = parent2) {
  const p = await app.inject({ method: 'POST', url: url(id, '/signing-payload'), headers: auth(who) });
  assert.equal(p.statusCode, 200, p.body);
  return { method: 'eds' as const, cms: await cmsOf(who, Buffer.from(p.json().payload, 'base64')) };
}

const sign = (id: string, signature: unknown, who = parent2) => app.inject({ method: 'POST', url: url(id, '/sign'), headers: auth(who), payload: { signature } });
const mine = (id: string) => app.inject({ url: `/api/v1/applications/${id}`, headers: auth(parent1) });
const cosigner = async (id: string) =>
  (await ctx.db.query<{ status: string; expires_at: Date; method: string | null; otp_id: string | null }>('SELECT status, expires_at, method, otp_id FROM application_cosigners WHERE application_id = $1', [id])).rows;
const jobsFor = async (id: string) => (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE kind = 'application.deliver' AND payload->>'applicationId' = $1", [id])).rows[0]!.n;
const audits = async (id: string) => (await ctx.db.query<{ event: string; data: Record<string, unknown> }>("SELECT event, data FROM audit_log WHERE subject_type = 'application' AND subject_id = $1 ORDER BY id", [id])).rows;

before(async () => {
  ctx = await makeTestContext();
  // The test asks for many SMS codes for the same two people within minutes.
  ctx.config.otp = { ...ctx.config.otp, cooldownSeconds: 0, perPersonHour: 1000, perPersonDay: 1000, perPhoneHour: 1000, perPhoneDay: 1000, perClientMinute: 1000, perClientHour: 1000 };
  app = await buildApp(ctx);
  for (const who of [parent1, parent2, stranger]) tokens.set(who.iin, await loginAs(who));
  example = { ...(ctx.registry.inForce(SERVICE)!.form.example as Record<string, unknown>) };
});
after(async () => {
  await app.close();
  await ctx.close();
});

describe(`co-signature: both parents apply (${engine})`, () => {
  test('the rule is data: needed on the portal when the parents apply, not for a guardian or at a centre', () => {
    const def = ctx.registry.inForce(SERVICE)!;
    assert.deepEqual(requiredCoSigners(def, 'portal', { ...example, secondRepresentativeIin: parent2.iin }), [{ field: 'secondRepresentativeIin', iin: parent2.iin, hours: 48 }]);
    assert.deepEqual(requiredCoSigners(def, 'portal', { ...example, representativeRole: 'guardian', secondRepresentativeIin: parent2.iin }), []);
    assert.deepEqual(requiredCoSigners(def, 'centre', { ...example, secondRepresentativeIin: parent2.iin }), []);
  });

  test('parent 1 files: awaiting the second applicant, no dates, one pending co-signer for 48 clock hours, history and audit, no delivery yet', async () => {
    const r = await file();
    assert.equal(r.statusCode, 201, r.body);
    const { id, status, dueDate } = r.json();
    assert.equal(status, 'awaiting-second-applicant');
    assert.equal(dueDate, null);
    const [c, ...more] = await cosigner(id);
    assert.equal(more.length, 0);
    assert.equal(c!.status, 'pending');
    const a = (await mine(id)).json();
    assert.equal(a.acceptanceDate, null);
    assert.equal(c!.expires_at.getTime() - new Date(a.filedAt).getTime(), 48 * 3600_000, '48 clock hours from filing');
    assert.deepEqual(a.coSigners.map((x: { iin: string; status: string; label: { en: string }; expiresAt: string }) => [x.iin, x.status, x.label.en, x.expiresAt]), [
      [parent2.iin, 'pending', 'Second parent', c!.expires_at.toISOString()],
    ]);
    assert.deepEqual(a.history.map((h: { from: string | null; to: string }) => [h.from, h.to]), [[null, 'awaiting-second-applicant']]);
    assert.equal(await jobsFor(id), 0, 'not delivered to the provider before the second signature');
    const au = await audits(id);
    assert.equal(au[0]!.event, 'application.submitted');
    assert.equal(au[0]!.data.coSigners, 1);
  });

  test('the second parent sees the request, reads the form, signs with the EDS: the application is submitted with dates from that moment', async () => {
    const { id, number } = await filed();
    const list = await app.inject({ url: '/api/v1/me/co-sign-requests', headers: auth(parent2) });
    assert.equal(list.statusCode, 200, list.body);
    const item = list.json().items.find((x: { applicationId: string }) => x.applicationId === id);
    assert.ok(item, 'listed for the second parent');
    assert.equal(item.number, number);
    assert.equal(item.serviceCode, SERVICE);
    assert.equal(item.applicant.name, `${parent1.surname} ${parent1.givenName} ${parent1.patronymic}`);
    assert.equal(item.as.label.en, 'Second parent');
    assert.equal(item.status, 'pending');
    assert.ok(new Date(item.expiresAt).getTime() > Date.now() + 47 * 3600_000);

    const detail = (await app.inject({ url: url(id), headers: auth(parent2) })).json();
    assert.equal(detail.form.secondRepresentativeIin, parent2.iin);
    assert.equal(detail.form.representativeIin, parent1.iin);
    // The bytes are the pure function's, byte for byte.
    const p = (await app.inject({ method: 'POST', url: url(id, '/signing-payload'), headers: auth(parent2) })).json();
    const expected = coSigningPayload({ applicationNumber: number, serviceCode: SERVICE, serviceVersion: detail.serviceVersion, applicantIin: parent1.iin, form: detail.form, coSignerIin: parent2.iin });
    assert.equal(p.payload, Buffer.from(expected).toString('base64'));
    assert.match(Buffer.from(expected).toString(), /"type":"qyzmet.application.cosign.v1"/);

    const signature = { method: 'eds' as const, cms: await cmsOf(parent2, expected) };
    const before = Date.now();
    const r = await sign(id, signature);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'submitted');
    assert.match(r.json().dueDate, /^\d{4}-\d{2}-\d{2}$/);
    // A retry of the same signature answers the same.
    const again = await sign(id, signature);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().status, 'submitted');
    // Another signature after mine: 409.
    const twice = await sign(id, await edsCoSignature(id));
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal(twice.json().code, 'COSIGN_ALREADY_SIGNED');

    const a = (await mine(id)).json();
    assert.equal(a.status, 'submitted');
    assert.equal(a.dueDate, r.json().dueDate);
    assert.ok(a.acceptanceDate, 'acceptance date set at the second signature');
    assert.ok(a.acceptanceDate >= kzDateTime(new Date(before)).replace(/^(\d\d)\.(\d\d)\.(\d{4}).*/, '$3-$2-$1'));
    assert.equal(a.coSigners[0].status, 'signed');
    assert.equal(a.coSigners[0].method, 'eds');
    assert.deepEqual(a.history.map((h: { to: string; actorRole: string }) => [h.to, h.actorRole]), [
      ['awaiting-second-applicant', 'citizen'],
      ['submitted', 'second-applicant'],
    ]);
    assert.equal(await jobsFor(id), 1, 'now delivered to the provider');
    const ev = (await audits(id)).map((x) => x.event);
    assert.deepEqual(ev, ['application.submitted', 'application.cosigned', 'application.status']);
    const gone = (await app.inject({ url: '/api/v1/me/co-sign-requests', headers: auth(parent2) })).json().items;
    assert.ok(!gone.some((x: { applicationId: string }) => x.applicationId === id), 'no longer waiting');
  });

  test('signing with an SMS code bound to the bytes: the code is spent with the signature; the same code again is a replay', async () => {
    const { id } = await filed();
    const asked = await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(parent2) });
    assert.equal(asked.statusCode, 200, asked.body);
    const otpId = asked.json().otpId as string;
    const code = await lastCode(parent2.phone);
    const wrong = await sign(id, { method: 'sms', otpId, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 422, wrong.body);
    assert.equal(wrong.json().code, 'OTP_INVALID');
    const r = await sign(id, { method: 'sms', otpId, code });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'submitted');
    const used = (await ctx.db.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM otp_codes WHERE id = $1', [otpId])).rows[0]!.used;
    assert.ok(used, 'spent');
    assert.equal((await cosigner(id))[0]!.otp_id, otpId);
    const again = await sign(id, { method: 'sms', otpId, code });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
  });

  test('a code for another request, or the first parent\'s key, does not sign', async () => {
    const a = await filed();
    const b = await filed();
    const asked = (await app.inject({ method: 'POST', url: url(a.id, '/signing-code'), headers: auth(parent2) })).json();
    const other = await sign(b.id, { method: 'sms', otpId: asked.otpId, code: await lastCode(parent2.phone) });
    assert.equal(other.statusCode, 422, other.body);
    assert.equal(other.json().code, 'OTP_NOT_FOR_THIS');
    // Parent 1 signs the bytes meant for parent 2 and parent 2 sends them: the certificate's IIN is not the co-signer's.
    const p = (await app.inject({ method: 'POST', url: url(b.id, '/signing-payload'), headers: auth(parent2) })).json();
    const forged = await sign(b.id, { method: 'eds', cms: await cmsOf(parent1, Buffer.from(p.payload, 'base64')) });
    assert.equal(forged.statusCode, 422, forged.body);
    assert.equal(forged.json().code, 'EDS_IIN_MISMATCH');
    assert.equal((await cosigner(b.id))[0]!.status, 'pending');
  });

  test('concurrent identical signings record one signature and all answer 200', async () => {
    const { id } = await filed();
    const signature = await edsCoSignature(id);
    const out = await Promise.all(Array.from({ length: 4 }, () => sign(id, signature)));
    for (const r of out) assert.equal(r.statusCode, 200, r.body);
    assert.equal(out.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1);
    assert.equal(await jobsFor(id), 1);
    assert.equal((await audits(id)).filter((x) => x.event === 'application.cosigned').length, 1);
  });

  test('the co-signer must be another person: the applicant\'s own IIN → 422 COSIGNER_IS_APPLICANT at the field, nothing written', async () => {
    const count = async () => (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications')).rows[0]!.n;
    const before = await count();
    const r = await file(parent1.iin);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'COSIGNER_IS_APPLICANT');
    assert.equal(r.json().path, '/form/secondRepresentativeIin');
    assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
    assert.equal(await count(), before);
  });

  test('a guardian applies alone: submitted at once, with dates, and no co-signer', async () => {
    const r = await file(undefined, { representativeRole: 'guardian', secondRepresentativeIin: undefined });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().status, 'submitted');
    assert.ok(r.json().dueDate);
    assert.deepEqual(await cosigner(r.json().id), []);
  });

  test('someone else cannot see, sign or decline it (404), nor can the co-signer read it as an applicant', async () => {
    const { id } = await filed();
    const list = (await app.inject({ url: '/api/v1/me/co-sign-requests', headers: auth(stranger) })).json().items;
    assert.ok(!list.some((x: { applicationId: string }) => x.applicationId === id));
    for (const [method, tail, payload] of [
      ['GET', '', undefined],
      ['POST', '/signing-payload', undefined],
      ['POST', '/signing-code', undefined],
      ['POST', '/sign', { signature: { method: 'sms', otpId: '00000000-0000-7000-8000-000000000000', code: '123456' } }],
      ['POST', '/decline', undefined],
    ] as const) {
      const r = await app.inject({ method, url: url(id, tail), headers: auth(stranger), ...(payload ? { payload } : {}) });
      assert.equal(r.statusCode, 404, `${method} ${tail}: ${r.body}`);
      assert.equal(r.json().code, 'NOT_FOUND');
    }
    // The first applicant is not a co-signer of their own application either.
    assert.equal((await app.inject({ url: url(id), headers: auth(parent1) })).statusCode, 404);
    assert.equal((await app.inject({ url: `/api/v1/applications/${id}`, headers: auth(parent2) })).statusCode, 404);
    assert.equal((await app.inject({ url: url('not-a-uuid'), headers: auth(parent2) })).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/v1/me/co-sign-requests' })).statusCode, 401);
    assert.equal((await cosigner(id))[0]!.status, 'pending');
  });

  test('declining annuls it with the reason in words; declining again answers the same; signing afterwards is 409', async () => {
    const { id } = await filed();
    const r = await app.inject({ method: 'POST', url: url(id, '/decline'), headers: auth(parent2) });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'annulled');
    const again = await app.inject({ method: 'POST', url: url(id, '/decline'), headers: auth(parent2) });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const late = await sign(id, await edsCoSignature(id));
    assert.equal(late.statusCode, 409, late.body);
    assert.equal(late.json().code, 'COSIGN_CLOSED');
    const a = (await mine(id)).json();
    assert.equal(a.status, 'annulled');
    const last = a.history.at(-1);
    assert.equal(last.to, 'annulled');
    assert.match(last.reason.en, /Second parent, IIN \d{12} — declined to sign/);
    assert.ok(last.reason.kk && last.reason.ru);
    assert.equal(a.coSigners[0].status, 'declined');
    assert.ok((await audits(id)).some((x) => x.event === 'application.cosign.declined'));
    assert.equal(await jobsFor(id), 0);
  });

  test('the timer annuls a request not signed in time (expires_at moved, not slept), with the reason; signing late is 410', async () => {
    const { id } = await filed();
    const keep = await filed(); // still in time: untouched
    await ctx.db.query("UPDATE application_cosigners SET expires_at = now() - interval '1 second' WHERE application_id = $1", [id]);
    const item = (await app.inject({ url: url(id), headers: auth(parent2) })).json();
    assert.equal(item.status, 'expired', 'shown as expired before the timer ran');
    const late = await sign(id, await edsCoSignature(id));
    assert.equal(late.statusCode, 410, late.body);
    assert.equal(late.json().code, 'COSIGN_EXPIRED');
    const code = await app.inject({ method: 'POST', url: url(id, '/signing-code'), headers: auth(parent2) });
    assert.equal(code.statusCode, 410, code.body);

    assert.ok((await expireCoSignatures(ctx)) >= 1);
    assert.equal(await expireCoSignatures(ctx), 0, 'nothing left to annul');
    const a = (await mine(id)).json();
    assert.equal(a.status, 'annulled');
    const last = a.history.at(-1);
    assert.equal(last.actorRole, 'portal');
    assert.match(last.reason.en, /did not sign the application by \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(within 48 hours\)\. The request is annulled/);
    assert.match(last.reason.ru, /не подписал заявление до/);
    assert.equal(a.coSigners[0].status, 'expired');
    assert.ok((await audits(id)).some((x) => x.event === 'application.cosign.expired'));
    assert.equal((await mine(keep.id)).json().status, 'awaiting-second-applicant');
    assert.equal((await cosigner(keep.id))[0]!.status, 'pending');
  });

  test('the timer skips an application a signer holds (FOR UPDATE SKIP LOCKED), and takes it on the next run', async () => {
    const { id } = await filed();
    await ctx.db.query("UPDATE application_cosigners SET expires_at = now() - interval '1 second' WHERE application_id = $1", [id]);
    if (ctx.db.engine === 'postgres') {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = ctx.db.tx(async (q) => {
        await q.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [id]);
        locked();
        await held;
      });
      await isLocked;
      assert.equal(await expireCoSignatures(ctx), 0, 'skipped while locked, not waited for');
      release();
      await holder;
    }
    assert.equal(await expireCoSignatures(ctx), 1);
    assert.equal((await mine(id)).json().status, 'annulled');
  });

  test('the worker runs the timer: an overdue request is annulled without anyone calling it', async () => {
    const { id } = await filed();
    await ctx.db.query("UPDATE application_cosigners SET expires_at = now() - interval '1 second' WHERE application_id = $1", [id]);
    const worker = startWorker(ctx, JOB_HANDLERS, 20, JOB_TIMERS);
    try {
      for (let i = 0; i < 100 && (await mine(id)).json().status !== 'annulled'; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    assert.equal((await mine(id)).json().status, 'annulled');
  });

  test('the annulment words (pure)', () => {
    const at = new Date('2026-03-12T09:30:00Z');
    assert.equal(kzDateTime(at), '12.03.2026 14:30');
    const r = annulmentReason('expired', { label: { kk: 'Екінші ата-ана', ru: 'Второй родитель', en: 'Second parent' }, iin: parent2.iin, expiresAt: at, hours: 48 });
    assert.equal(r.en, `The second applicant — Second parent, IIN ${parent2.iin} — did not sign the application by 12.03.2026 14:30 (within 48 hours). The request is annulled; you may apply again.`);
  });
});

describe(`co-signature through the group commit (${engine})`, () => {
  test('applications with and without co-signers share one statement; each gets its own status, co-signer rows and (only when filed) a delivery job', async () => {
    const user = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [parent1.iin])).rows[0]!;
    const b = new SubmitBatcher(ctx.db, { inflight: 1 });
    const row = (i: number, cosigners: SubmitRow['cosigners']): SubmitRow => ({
      user_id: user.id,
      key: `cosign-batch-${randomBytes(6).toString('hex')}`,
      request_hash: 'h',
      id: uuid7(),
      service_code: SERVICE,
      service_version: 1,
      channel: 'portal',
      applicant_iin: parent1.iin,
      form: { ...example, i },
      filed_at: new Date().toISOString(),
      region: null,
      acceptance_date: cosigners ? null : '2026-11-23',
      due_date: cosigners ? null : '2026-11-30',
      deadline_basis: null,
      actor_role: 'citizen',
      number: `26-C${String(i).padStart(7, '0')}-${randomBytes(2).toString('hex')}`,
      sig_method: 'eds',
      payload_sha256: 'f'.repeat(64),
      cms: Buffer.from([1, 2, 3, i]).toString('base64'),
      signer_serial: 'abc',
      otp_id: null,
      cosigners,
    });
    const rows = Array.from({ length: 6 }, (_, i) => row(i, i % 2 ? null : [{ field: 'secondRepresentativeIin', iin: parent2.iin, hours: 48 }]));
    const first = b.submit(rows[0]!);
    await new Promise((r) => setImmediate(r));
    const out = await Promise.all([first, ...rows.slice(1).map((r) => b.submit(r))]);
    assert.equal(b.stats.statements, 2);
    assert.equal(b.stats.largest, 5, 'the five queued behind the first went together');
    for (const [i, o] of out.entries()) {
      const waits = i % 2 === 0;
      assert.equal(o?.status, waits ? 'awaiting-second-applicant' : 'submitted', `row ${i}`);
      const cs = await cosigner(rows[i]!.id);
      assert.equal(cs.length, waits ? 1 : 0);
      if (waits) assert.equal(cs[0]!.expires_at.getTime(), new Date(rows[i]!.filed_at).getTime() + 48 * 3600_000);
      assert.equal(await jobsFor(rows[i]!.id), waits ? 0 : 1);
      const h = await ctx.db.query<{ to_status: string }>('SELECT to_status FROM application_history WHERE application_id = $1', [rows[i]!.id]);
      assert.deepEqual(h.rows.map((x) => x.to_status), [waits ? 'awaiting-second-applicant' : 'submitted']);
    }
  });

  test('concurrent HTTP filings all wait for their co-signer', async () => {
    const out = await Promise.all(Array.from({ length: 5 }, () => file()));
    for (const r of out) {
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().status, 'awaiting-second-applicant');
      assert.equal((await cosigner(r.json().id)).length, 1);
    }
  });
});
