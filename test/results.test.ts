/**
 * Result documents in the back office (issue 10, src/tasks/decision-document.ts): approving or
 * refusing prepares the PDF; the head signs exactly its bytes (GET /tasks/{id}/signing-payload);
 * the signed document is listed on the application, downloads for its owner (403 for another
 * citizen), verifies publicly, and pdftotext shows its number and Kazakh text. The address
 * reference, decided by the system at once, is sealed by the provider's information system and
 * verifies too. Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { canonicalJson, signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { signCms } from '../src/pki/sign.ts';
import { REFUSAL_GROUNDS } from '../src/automation/address-reference.ts';
import { DEMO_RELATIVES } from '../src/registries/seed/demo-families.ts';
import { loadTask } from '../src/tasks/actions.ts';
import { prepareDecisionDocument } from '../src/tasks/decision-document.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { withRequiredFiles } from './helpers/files.ts';

type Who = { iin: string; password: string; phone: string; orgId?: string | null; role?: string };
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen')!;
const otherCitizen = DEMO_ACCOUNTS.filter((a) => a.role === 'citizen')[1]!;
const staff = (role: string, org: string) => DEMO_ACCOUNTS.find((a) => a.role === role && a.orgId === org)!;

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();
const dir = mkdtempSync(join(tmpdir(), 'qyzmet-results-'));

function pdfText(bytes: Uint8Array): string {
  const f = join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.pdf`);
  writeFileSync(f, bytes);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout.replace(/\s+/g, ' ');
}

async function loginAs(who: Who): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  if (!r.json().mfaRequired) return r.json().token as string;
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: who.phone } })).json().items[0].body as string;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: /\b(\d{6})\b/.exec(sms)![1] } });
  return r2.json().token as string;
}
async function auth(who: Who) {
  if (!tokens.has(who.iin)) tokens.set(who.iin, await loginAs(who));
  return { authorization: `Bearer ${tokens.get(who.iin)}` };
}

async function cmsOf(who: Who, bytes: Uint8Array): Promise<string> {
  const p12 = await demoKeystore(ctx.db, who.iin, 'sign');
  assert.ok(p12, `a SIGN keystore for ${who.iin}`);
  return Buffer.from(await signCms(bytes, p12, who.password, { detached: true })).toString('base64');
}

/** A signed portal application with the service's example form (delivered: the jobs ran). */
async function filed(service: string, region: string | null, form?: Record<string, unknown>): Promise<{ id: string; number: string; status: string }> {
  const headers = await auth(citizen);
  const token = tokens.get(citizen.iin)!;
  const example = form ?? ((await app.inject({ url: `/api/v1/services/${service}` })).json().form.example as Record<string, unknown>);
  const full = form ?? (await withRequiredFiles(app.inject.bind(app) as never, token, service, { ...example }));
  const key = `res-${engine}-${randomBytes(4).toString('hex')}`;
  const draft = { serviceCode: service, channel: 'portal', form: full, ...(region ? { region } : {}) };
  const cms = await cmsOf(citizen, signingPayload({ ...draft, region, applicantIin: citizen.iin, idempotencyKey: key }));
  const r = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...headers, 'idempotency-key': key }, payload: { ...draft, signature: { method: 'eds', cms } } });
  assert.equal(r.statusCode, 201, r.body);
  await runDueJobs(ctx, JOB_HANDLERS);
  return r.json();
}

type TaskItem = { id: string; application: { id: string }; step: { id: string; kind: string }; actions: string[] };
async function taskOf(who: Who, applicationId: string): Promise<TaskItem> {
  const r = await app.inject({ url: '/api/v1/tasks', headers: await auth(who) });
  const t = (r.json().items as TaskItem[]).find((x) => x.application.id === applicationId);
  assert.ok(t, `${who.iin} sees a task of ${applicationId}`);
  return t;
}
const detail = async (who: Who, taskId: string) => (await app.inject({ url: `/api/v1/tasks/${taskId}`, headers: await auth(who) })).json();
async function step(who: Who, applicationId: string, action: string, patch: Record<string, unknown> = {}) {
  const t = await taskOf(who, applicationId);
  const d = await detail(who, t.id);
  const r = await app.inject({ method: 'POST', url: `/api/v1/tasks/${t.id}/${action}`, headers: await auth(who), payload: { ...d.examples[action], ...patch } });
  assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  return r.json();
}
const userId = async (iin: string) => (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [iin])).rows[0]!.id;

/** register → assign → approve/refuse: the sign task of the head. */
async function toSignature(a: { id: string }, org: string, decision: 'approve' | 'refuse', patch: Record<string, unknown> = {}) {
  await step(staff('provider-clerk', org), a.id, 'register');
  await step(staff('provider-head', org), a.id, 'assign', { executorId: await userId(staff('responsible-executor', org).iin) });
  await step(staff('responsible-executor', org), a.id, decision, patch);
  return taskOf(staff('provider-head', org), a.id);
}

async function payloadOf(head: Who, taskId: string) {
  const r = await app.inject({ url: `/api/v1/tasks/${taskId}/signing-payload`, headers: await auth(head) });
  assert.equal(r.statusCode, 200, r.body);
  return { bytes: Buffer.from(r.json().payload, 'base64'), sha256: r.json().sha256 as string };
}

const verify = async (number: string) => app.inject({ url: `/api/v1/documents/${number}/verify` });
const pdf = async (who: Who, number: string) => app.inject({ url: `/api/v1/documents/${number}.pdf`, headers: await auth(who) });

before(async () => {
  ctx = await makeTestContext({ population: 50 });
  app = await buildApp(ctx);
});
after(async () => {
  await app?.close();
  await ctx?.close();
});

describe(`result documents (${engine})`, () => {
  test('an archival reference: approved → the PDF is the signing payload; other bytes → SIGNED_OTHER_BYTES; signed → listed, downloads for the owner only, verifies, pdftotext shows it', async () => {
    const org = 'pavlodar-archives';
    const head = staff('provider-head', org);
    const a = await filed('archival-reference', 'pavlodar');
    const sign = await toSignature(a, org, 'approve');
    // The task page names the prepared (unsigned) document; staff may download it before signing.
    const d = await detail(head, sign.id);
    const number = d.decision.document?.number as string;
    assert.match(number, /^KZ-DOC-\d{2}-\d{8}-\d$/);
    assert.equal(d.decision.document.signed, false);
    const payload = await payloadOf(head, sign.id);
    const draft = await pdf(head, number);
    assert.equal(draft.statusCode, 200, draft.body);
    assert.equal(draft.rawPayload.toString('hex'), payload.bytes.toString('hex'), 'the head signs the PDF’s bytes');
    assert.equal(payload.bytes.subarray(0, 5).toString(), '%PDF-');
    // Not yet signed: not listed for the applicant, not downloadable by them, not valid.
    assert.deepEqual((await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json().documents, []);
    assert.equal((await pdf(citizen, number)).json().code, 'DOCUMENT_NOT_SIGNED');
    assert.equal((await verify(number)).json().valid, false);

    // The head signs the old decision JSON (what was signed before documents): refused, nothing changed.
    const row = (await ctx.db.query<{ kind: string; data: unknown; prepared_at: Date }>('SELECT kind, data, prepared_at FROM application_decisions WHERE application_id = $1', [a.id])).rows[0]!;
    const oldJson = new TextEncoder().encode(
      canonicalJson({ type: 'qyzmet.decision.v1', application: a.number, serviceCode: 'archival-reference', serviceVersion: 1, applicantIin: citizen.iin, decision: row.kind, data: row.data, preparedAt: row.prepared_at.toISOString() }),
    );
    const other = await app.inject({ method: 'POST', url: `/api/v1/tasks/${sign.id}/sign`, headers: await auth(head), payload: { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, oldJson) } } });
    assert.equal(other.statusCode, 422, other.body);
    assert.equal(other.json().code, 'SIGNED_OTHER_BYTES');
    assert.equal((await verify(number)).json().signed, false);

    const ok = await app.inject({ method: 'POST', url: `/api/v1/tasks/${sign.id}/sign`, headers: await auth(head), payload: { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, payload.bytes) } } });
    assert.equal(ok.statusCode, 200, ok.body);

    const mine = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json();
    assert.equal(mine.documents.length, 1);
    assert.equal(mine.documents[0].number, number);
    assert.equal(mine.documents[0].kind, 'result');
    assert.ok(Date.parse(mine.documents[0].issuedAt) > 0);
    const got = await pdf(citizen, number);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(createHash('sha256').update(got.rawPayload).digest('hex'), payload.sha256);
    const stranger = await pdf(otherCitizen, number);
    assert.equal(stranger.statusCode, 403);
    assert.equal(stranger.json().code, 'DOCUMENT_FORBIDDEN');
    const v = (await verify(number)).json();
    assert.equal(v.valid, true, JSON.stringify(v.problems));
    assert.equal(v.sha256, payload.sha256);
    // The official printed is the head who signed (the signer's certificate names them).
    assert.equal(v.issuer.official, `${head.surname} ${head.givenName} ${head.patronymic}`);
    assert.equal(v.signer.name.toUpperCase(), v.issuer.official.toUpperCase());
    const text = pdfText(got.rawPayload);
    assert.ok(text.includes(number), 'the number');
    assert.ok(text.includes('МҰРАҒАТТЫҚ АНЫҚТАМА'), 'the Kazakh title');
    assert.ok(text.includes('«Электрондық үкімет» ақпараттық жүйесі'), 'the e-government line in Kazakh');
  });

  test('a decision prepared again gets a new document: the old one is revoked as superseded, the head signs the new bytes only', async () => {
    const org = 'pavlodar-archives';
    const head = staff('provider-head', org);
    const a = await filed('archival-reference', 'pavlodar');
    const sign = await toSignature(a, org, 'approve');
    const first = await payloadOf(head, sign.id);
    const firstNumber = (await detail(head, sign.id)).decision.document.number as string;
    const s = (await loadTask(ctx.db, ctx, sign.id, false))!;
    const second = await ctx.db.tx((q) => prepareDecisionDocument({ ctx, q, actor: { id: null, role: 'system' }, now: new Date() }, { app: s.app, def: s.def, orgId: org }));
    assert.notEqual(second, firstNumber);
    const old = (await verify(firstNumber)).json();
    assert.equal(old.status, 'revoked');
    assert.equal(old.replacedBy, second);
    const d = await detail(head, sign.id);
    assert.equal(d.decision.document.number, second);
    const now = await payloadOf(head, sign.id);
    assert.notEqual(now.sha256, first.sha256);
    const stale = await app.inject({ method: 'POST', url: `/api/v1/tasks/${sign.id}/sign`, headers: await auth(head), payload: { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, first.bytes) } } });
    assert.equal(stale.json().code, 'SIGNED_OTHER_BYTES');
    const ok = await app.inject({ method: 'POST', url: `/api/v1/tasks/${sign.id}/sign`, headers: await auth(head), payload: { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, now.bytes) } } });
    assert.equal(ok.statusCode, 200, ok.body);
    const docs = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json().documents;
    assert.deepEqual(
      docs.map((x: { number: string }) => x.number),
      [second],
      'only the signed document is listed',
    );
    assert.equal((await verify(second)).json().valid, true);
  });

  test('a guardianship reference refused: the reasoned refusal letter is signed and verifies', async () => {
    const org = 'astana-education';
    const head = staff('provider-head', org);
    const a = await filed('guardianship-reference', 'astana');
    const groundId = ctx.registry.get('guardianship-reference', 1)!.refusalGrounds[0]!.id;
    const sign = await toSignature(a, org, 'refuse', { grounds: [groundId], text: 'Баланың қорғаншылық есебі жоқ.' });
    const d = await detail(head, sign.id);
    assert.equal(d.decision.document.kind, 'refusal');
    const payload = await payloadOf(head, sign.id);
    const ok = await app.inject({ method: 'POST', url: `/api/v1/tasks/${sign.id}/sign`, headers: await auth(head), payload: { version: d.version, signature: { method: 'eds', cms: await cmsOf(head, payload.bytes) } } });
    assert.equal(ok.statusCode, 200, ok.body);
    const docs = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json().documents;
    assert.deepEqual(
      docs.map((x: { kind: string }) => x.kind),
      ['refusal'],
    );
    const v = (await verify(docs[0].number)).json();
    assert.equal(v.valid, true, JSON.stringify(v.problems));
    assert.equal(v.kind, 'refusal');
    const text = pdfText((await pdf(citizen, docs[0].number)).rawPayload);
    assert.ok(text.includes(docs[0].number));
    assert.ok(text.includes('БАС ТАРТУ ТУРАЛЫ ДӘЛЕЛДІ ЖАУАП'), 'the Kazakh title of the refusal letter');
    assert.ok(text.includes('Баланың қорғаншылық есебі жоқ.'), 'the reasons in words');
  });

  test('the address reference, decided by the system at once, carries a document sealed by the provider’s information system that verifies', async () => {
    const a = await filed('address-reference', null, { subject: 'self', purpose: 'work' });
    assert.equal(a.status, 'result-ready');
    const mine = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json();
    assert.equal(mine.documents.length, 1);
    const number = mine.documents[0].number as string;
    const v = (await verify(number)).json();
    assert.equal(v.valid, true, JSON.stringify(v.problems));
    assert.equal(v.service.code, 'address-reference');
    assert.match(v.issuer.official, /информационная система/);
    assert.match(v.signer.name, /информационная система/, 'the seal names the information system, not a person');
    const got = await pdf(citizen, number);
    assert.equal(got.statusCode, 200);
    assert.equal((await pdf(otherCitizen, number)).statusCode, 403);
    const text = pdfText(got.rawPayload);
    assert.ok(text.includes(number));
    if (process.env.SHOW_PDF) console.log(text);
    assert.ok(text.includes('МЕКЕНЖАЙ АНЫҚТАМАСЫ'), 'the Kazakh title');
    assert.ok(text.includes(citizen.iin), 'the person the reference is about');
    // A second one is sealed with the same key (one seal per organisation).
    const b = await filed('address-reference', null, { subject: 'self', purpose: 'work' });
    const n2 = (await app.inject({ url: `/api/v1/applications/${b.id}`, headers: await auth(citizen) })).json().documents[0].number;
    assert.equal((await verify(n2)).json().signer.serial, v.signer.serial);
  });

  test('an address reference refused by the system carries a sealed refusal letter with the ground in words', async () => {
    const a = await filed('address-reference', null, { subject: 'child', subjectIin: DEMO_RELATIVES.marat });
    assert.equal(a.status, 'refused');
    const docs = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json().documents;
    assert.deepEqual(
      docs.map((x: { kind: string }) => x.kind),
      ['refusal'],
    );
    assert.equal((await verify(docs[0].number)).json().valid, true);
    const text = pdfText((await pdf(citizen, docs[0].number)).rawPayload);
    assert.ok(text.includes('БАС ТАРТУ ТУРАЛЫ ДӘЛЕЛДІ ЖАУАП'));
    assert.ok(text.includes(REFUSAL_GROUNDS.NO_RECORD!.ground.kk), 'the ground in Kazakh words, not its code');
    assert.ok(!text.includes('NO_RECORD'));
  });

  test('the seal is a certificate of the CA’s register like any other: revoked, the documents it sealed no longer verify', async () => {
    const a = await filed('address-reference', null, { subject: 'self', purpose: 'work' });
    const number = (await app.inject({ url: `/api/v1/applications/${a.id}`, headers: await auth(citizen) })).json().documents[0].number as string;
    const before = (await verify(number)).json();
    assert.equal(before.valid, true);
    const rev = await ctx.pki.ca!.revoke(before.signer.serial, 'keyCompromise');
    assert.equal(rev.subjectIin, '', 'a seal names no person');
    const after = (await verify(number)).json();
    assert.equal(after.valid, false);
    assert.ok(after.problems.includes('EDS_REVOKED'), after.problems.join());
    // The next reference is sealed with a new seal, and verifies.
    const b = await filed('address-reference', null, { subject: 'self', purpose: 'work' });
    const n2 = (await app.inject({ url: `/api/v1/applications/${b.id}`, headers: await auth(citizen) })).json().documents[0].number as string;
    const v2 = (await verify(n2)).json();
    assert.equal(v2.valid, true, JSON.stringify(v2.problems));
    assert.notEqual(v2.signer.serial, before.signer.serial);
  });
});
