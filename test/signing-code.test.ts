/**
 * The SMS code that signs an application is spent by the statement that writes the application
 * (src/applications/batch.ts), never before it: a submission that fails after the code was checked
 * leaves the code usable, and one code makes at most one application however many requests carry it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { engine, makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
let token = '';
const citizen = DEMO_ACCOUNTS[0]!;
let example: Record<string, unknown> = {};
let n = 0;

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: citizen.iin, password: citizen.password } })).json().token;
  example = { ...(ctx.registry.inForce('archival-reference')!.form.example as Record<string, unknown>) };
});
after(async () => {
  await app.close();
  await ctx.close();
});

const auth = () => ({ authorization: `Bearer ${token}` });

/** A draft, its Idempotency-Key and the SMS code that signs exactly it. */
async function signedBySms() {
  const key = `sms-sign-${engine}-${++n}`;
  const draft = { serviceCode: 'archival-reference', channel: 'portal', form: example };
  const asked = await app.inject({ method: 'POST', url: '/api/v1/applications/signing-code', headers: { ...auth(), 'idempotency-key': key }, payload: draft });
  assert.equal(asked.statusCode, 200, asked.body);
  const otpId = asked.json().otpId as string;
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: citizen.phone } })).json().items[0].body as string;
  const code = /(\d{6})/.exec(sms)![1]!;
  const submit = () => app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...auth(), 'idempotency-key': key }, payload: { ...draft, signature: { method: 'sms', otpId, code } } });
  return { key, otpId, submit };
}

const usedAt = async (otpId: string) => (await ctx.db.query<{ used_at: Date | null }>('SELECT used_at FROM otp_codes WHERE id = $1', [otpId])).rows[0]!.used_at;
const applicationsWithKey = async (key: string) =>
  (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys k JOIN applications a ON a.id = k.application_id WHERE k.key = $1', [key])).rows[0]!.n;

test(`a submission the database refuses after the code was checked leaves the code usable (${engine})`, async () => {
  const s = await signedBySms();
  // The database refuses the signature row of this one submission (as a constraint or a full disk would).
  await ctx.db.exec(`
    CREATE TABLE refuse_sig (otp_id uuid PRIMARY KEY);
    CREATE FUNCTION refuse_sig_fn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM refuse_sig WHERE otp_id = NEW.otp_id) THEN RAISE EXCEPTION 'refused by test'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_sig_tr BEFORE INSERT ON application_signatures FOR EACH ROW EXECUTE FUNCTION refuse_sig_fn();`);
  await ctx.db.query('INSERT INTO refuse_sig VALUES ($1)', [s.otpId]);
  try {
    const failed = await s.submit();
    assert.ok(failed.statusCode >= 500, failed.body);
    assert.equal(await usedAt(s.otpId), null, 'the code is not spent by a submission that was not written');
    assert.equal(await applicationsWithKey(s.key), 0);
  } finally {
    await ctx.db.exec('DROP TRIGGER refuse_sig_tr ON application_signatures; DROP FUNCTION refuse_sig_fn(); DROP TABLE refuse_sig;');
  }
  // The applicant simply sends it again, with the same code.
  const ok = await s.submit();
  assert.equal(ok.statusCode, 201, ok.body);
  assert.ok(await usedAt(s.otpId), 'spent with the application');
  const sig = await ctx.db.query<{ method: string; otp_id: string }>('SELECT method, otp_id FROM application_signatures WHERE application_id = $1', [ok.json().id]);
  assert.deepEqual(sig.rows[0], { method: 'sms', otp_id: s.otpId });
  // Once spent it is spent: the same request again is a replay, never a second application.
  const again = await s.submit();
  assert.equal(again.statusCode, 201, again.body);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.json().id, ok.json().id);
  assert.equal(await applicationsWithKey(s.key), 1);
});

test(`a submission that fails in the application layer after the check leaves the code usable (${engine})`, async () => {
  const s = await signedBySms();
  const real = ctx.submits.submit.bind(ctx.submits);
  ctx.submits.submit = async () => {
    throw Object.assign(new Error('connection terminated unexpectedly'), { code: '57P01' });
  };
  try {
    const failed = await s.submit();
    assert.ok(failed.statusCode >= 500, failed.body);
  } finally {
    ctx.submits.submit = real;
  }
  assert.equal(await usedAt(s.otpId), null);
  const ok = await s.submit();
  assert.equal(ok.statusCode, 201, ok.body);
});

test(`concurrent submissions with one code make exactly one application, and every one is answered with it (${engine})`, async () => {
  const s = await signedBySms();
  const out = await Promise.all(Array.from({ length: 6 }, () => s.submit()));
  for (const r of out) assert.equal(r.statusCode, 201, r.body);
  assert.equal(out.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1, 'one created, the others answered as replays');
  assert.equal(new Set(out.map((r) => r.json().id)).size, 1, 'all name the same application');
  assert.equal(await applicationsWithKey(s.key), 1);
  assert.ok(await usedAt(s.otpId));
});

test(`a code spent or expired between the check and the write fails that submission and writes nothing (${engine})`, async () => {
  const s = await signedBySms();
  // Let the code expire after the check: the statement itself must refuse to spend it.
  const real = ctx.submits.submit.bind(ctx.submits);
  ctx.submits.submit = async (row) => {
    await ctx.db.query("UPDATE otp_codes SET expires_at = now() - interval '1 second' WHERE id = $1", [s.otpId]);
    return real(row);
  };
  try {
    const r = await s.submit();
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'OTP_EXPIRED');
  } finally {
    ctx.submits.submit = real;
  }
  assert.equal(await applicationsWithKey(s.key), 0);
  assert.equal(await usedAt(s.otpId), null);
});
