/**
 * Attached files (issue 8 item 14) end to end over HTTP, on PGlite and on PostgreSQL (--pg):
 * uploading (content sniffing, limits, names), binding on submission in the same statement as the
 * application (someone else's upload, a wrong hash, a file used twice, a retry), the single and
 * the group-commit path, the applicant's own files, provider staff reading them (audited, shown in
 * "who accessed my data"), deletion and the purge of unbound uploads.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { insertSubmissions, SubmitBatcher, type SubmitRow } from '../src/applications/batch.ts';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { buildApp } from '../src/http/app.ts';
import { signingPayload } from '../src/identity/payload.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { signCms } from '../src/pki/sign.ts';
import { purgeUnboundUploads } from '../src/uploads/uploads.ts';
import { engine, makeTestContext } from './helpers/context.ts';
import { regionFor } from './helpers/region.ts';
import { JPEG_BYTES, PNG_BYTES, sha256hex, tinyPdf } from './helpers/files.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const citizen = DEMO_ACCOUNTS.find((a) => a.role === 'citizen')!;
const citizen2 = DEMO_ACCOUNTS.filter((a) => a.role === 'citizen')[1]!;
// Staff of the organisation the guardianship reference is routed to in Astana (organisations/astana.yaml).
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === 'astana-education')!;
const executor = DEMO_ACCOUNTS.find((a) => a.role === 'responsible-executor' && a.orgId === 'astana-education')!;
// Provider staff of another organisation.
const archiveClerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === 'pavlodar-archives')!;
const operator = DEMO_ACCOUNTS.find((a) => a.role === 'centre-operator')!;
const tokens = new Map<string, string>();

async function loginAs(who: (typeof DEMO_ACCOUNTS)[number]): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  let body = r.json();
  if (body.mfaRequired) {
    const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: who.phone } })).json().items[0].body as string;
    body = (await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: body.otpId, code: /(\d{6})/.exec(sms)![1] } })).json();
  }
  tokens.set(who.iin, body.token);
  return body.token as string;
}
const auth = (who: (typeof DEMO_ACCOUNTS)[number], extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens.get(who.iin)}`, ...extra });

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  for (const who of [citizen, citizen2, clerk, executor, archiveClerk, operator]) await loginAs(who);
});
after(async () => {
  await app.close();
  await ctx.close();
});

interface Meta {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
}

const upload = (bytes: Buffer, type: string | undefined, opts: { who?: (typeof DEMO_ACCOUNTS)[number]; name?: string; query?: Record<string, string> } = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/uploads',
    query: opts.query,
    headers: auth(opts.who ?? citizen, { ...(type ? { 'content-type': type } : {}), ...(opts.name !== undefined ? { 'x-file-name': opts.name } : {}) }),
    payload: bytes,
  });

async function uploaded(bytes = tinyPdf(), who = citizen, name = 'decision.pdf'): Promise<Meta> {
  const r = await upload(bytes, 'application/pdf', { who, name: encodeURIComponent(name) });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

async function example(code: string): Promise<Record<string, unknown>> {
  return (await app.inject(`/api/v1/services/${code}`)).json().form.example;
}

let keyN = 0;
const key = () => `uploads-${Date.now()}-${++keyN}`;

/** A signed portal submission of `form` as `who` (the form names the files, so their hashes are signed). */
async function submit(serviceCode: string, form: Record<string, unknown>, who = citizen, k = key(), region = regionFor(ctx.orgs, serviceCode)) {
  const draft = { serviceCode, channel: 'portal', form, ...(region ? { region } : {}) };
  const p12 = await demoKeystore(ctx.db, who.iin, 'sign');
  const cms = Buffer.from(await signCms(signingPayload({ ...draft, region: region ?? null, applicantIin: who.iin, idempotencyKey: k }), p12!, who.password, { detached: true })).toString('base64');
  return app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth(who, { 'idempotency-key': k }), payload: { ...draft, signature: { method: 'eds', cms } } });
}

const guardianship = async (files: Meta[], who = citizen) => ({ ...(await example('guardianship-reference')), guardianIin: who.iin, decisionScan: files });
const count = async (sql: string, params: unknown[] = []) => (await ctx.db.query<{ n: number }>(sql, params)).rows[0]!.n;

describe(`uploading (${engine})`, () => {
  test('a PDF is stored as sent: its id, SHA-256, size, type and name come back, and it is audited', async () => {
    const pdf = tinyPdf('hello');
    const r = await upload(pdf, 'application/pdf', { name: encodeURIComponent('Шешім №412 (1-бет).pdf') });
    assert.equal(r.statusCode, 201, r.body);
    const m = r.json() as Meta;
    assert.deepEqual({ ...m, id: undefined }, { id: undefined, sha256: sha256hex(pdf), size: pdf.length, mime: 'application/pdf', name: 'Шешім №412 (1-бет).pdf' });
    const row = (await ctx.db.query<{ bytes: Uint8Array; application_id: string | null }>('SELECT bytes, application_id FROM uploads WHERE id = $1', [m.id])).rows[0]!;
    assert.ok(Buffer.from(row.bytes).equals(pdf), 'the bytes are stored');
    assert.equal(row.application_id, null, 'unbound until a submission names it');
    assert.equal(await count("SELECT count(*)::int AS n FROM audit_log WHERE event = 'upload.created' AND subject_id = $1", [m.id]), 1);
    // The owner can download it again; nobody else can.
    const own = await app.inject({ url: `/api/v1/uploads/${m.id}`, headers: auth(citizen) });
    assert.equal(own.statusCode, 200);
    assert.ok(own.rawPayload.equals(pdf));
    assert.equal((await app.inject({ url: `/api/v1/uploads/${m.id}`, headers: auth(citizen2) })).statusCode, 404);
  });

  test('JPEG and PNG are recognised by their content (image/jpg is read as image/jpeg); the name may come as ?name=', async () => {
    const j = await upload(JPEG_BYTES, 'image/jpg', { query: { name: encodeURIComponent('бет 1.jpg') } });
    assert.equal(j.statusCode, 201, j.body);
    assert.equal(j.json().mime, 'image/jpeg');
    assert.equal(j.json().name, 'бет 1.jpg');
    const p = await upload(PNG_BYTES, 'image/png; charset=binary');
    assert.equal(p.statusCode, 201, p.body);
    assert.equal(p.json().name, 'scan.png', 'no name given: a plain one');
    const path = await upload(tinyPdf(), 'application/pdf', { name: encodeURIComponent('C:\\Users\\me\\scans\\a.pdf') });
    assert.equal(path.json().name, 'a.pdf', 'the folder part is dropped');
  });

  const refused: Array<[string, () => Promise<{ statusCode: number; json: () => { code: string; message: Record<string, string> } }>, number, string]> = [
    ['declared PDF, content PNG', () => upload(PNG_BYTES, 'application/pdf'), 422, 'UPLOAD_CONTENT_MISMATCH'],
    ['declared JPEG, content PDF', () => upload(tinyPdf(), 'image/jpeg'), 422, 'UPLOAD_CONTENT_MISMATCH'],
    ['declared PNG, content text', () => upload(Buffer.from('just some text'), 'image/png'), 422, 'UPLOAD_CONTENT_MISMATCH'],
    ['a type not accepted (text/plain)', () => upload(Buffer.from('hello'), 'text/plain'), 415, 'UPLOAD_TYPE_NOT_ACCEPTED'],
    ['a Word document', () => upload(Buffer.from('PK\u0003\u0004 docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 415, 'UPLOAD_TYPE_NOT_ACCEPTED'],
    ['JSON is not a file', () => upload(Buffer.from('{"a":1}'), 'application/json'), 415, 'UPLOAD_TYPE_NOT_ACCEPTED'],
    ['no content type', () => upload(tinyPdf(), undefined), 415, 'UPLOAD_TYPE_NOT_ACCEPTED'],
    ['an empty file', () => upload(Buffer.alloc(0), 'application/pdf'), 422, 'UPLOAD_EMPTY'],
    ['a name that is not percent-encoding', () => upload(tinyPdf(), 'application/pdf', { name: '%E0%A4%A' }), 422, 'UPLOAD_NAME_INVALID'],
    ['a name with a control character', () => upload(tinyPdf(), 'application/pdf', { name: 'a%0Ab.pdf' }), 422, 'UPLOAD_NAME_INVALID'],
    ['a name of 300 characters', () => upload(tinyPdf(), 'application/pdf', { name: 'x'.repeat(300) }), 422, 'UPLOAD_NAME_INVALID'],
    ['a field the service does not have', () => upload(tinyPdf(), 'application/pdf', { query: { service: 'guardianship-reference', field: 'phone' } }), 422, 'VALIDATION_FAILED'],
    ['an unknown service', () => upload(tinyPdf(), 'application/pdf', { query: { service: 'nope', field: 'x' } }), 404, 'UNKNOWN_SERVICE'],
    ['not signed in', () => app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': 'application/pdf' }, payload: tinyPdf() }), 401, 'UNAUTHENTICATED'],
  ];
  for (const [name, run, status, code] of refused) {
    test(`refused: ${name} → ${status} ${code}, nothing stored`, async () => {
      const before = await count('SELECT count(*)::int AS n FROM uploads');
      const r = await run();
      assert.equal(r.statusCode, status, JSON.stringify(r.json()));
      const e = r.json();
      assert.equal(e.code, code);
      assert.ok(e.message.kk && e.message.ru && e.message.en);
      assert.equal(await count('SELECT count(*)::int AS n FROM uploads'), before);
    });
  }

  test('no input makes the upload route answer 5xx (random bytes, types, names and queries)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(tinyPdf()), fc.constant(PNG_BYTES)),
        fc.oneof(fc.constantFrom('application/pdf', 'image/png', 'image/jpeg', 'text/plain', '', 'multipart/form-data; boundary=x', 'application/json'), fc.string({ maxLength: 40 })),
        fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
        fc.option(fc.record({ service: fc.constantFrom('guardianship-reference', 'nope', ''), field: fc.string({ maxLength: 20 }) }), { nil: undefined }),
        async (bytes, type, name, query) => {
          let r;
          try {
            r = await app.inject({
              method: 'POST',
              url: '/api/v1/uploads',
              query,
              headers: auth(citizen2, { 'content-type': type, ...(name !== undefined ? { 'x-file-name': name } : {}) }),
              payload: Buffer.from(bytes),
            });
          } catch {
            return; // a header value Node itself refuses to send (not a server answer)
          }
          assert.ok(r.statusCode < 500, `${r.statusCode} ${r.body}`);
        },
      ),
      { numRuns: 150 },
    );
    await ctx.db.query('DELETE FROM uploads WHERE owner_id = (SELECT id FROM users WHERE iin = $1) AND application_id IS NULL', [citizen2.iin]);
  });

  test('the upload route takes bodies larger than the JSON limit; over HTTP_UPLOAD_LIMIT_BYTES → 413 UPLOAD_TOO_LARGE (never 5xx)', async () => {
    assert.ok(ctx.config.http.uploadLimitBytes > ctx.config.http.bodyLimitBytes);
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(ctx.config.http.bodyLimitBytes + 1000, 0x20)]);
    const ok = await upload(big, 'application/pdf');
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().size, big.length);
    // A small limit on a second server over the same database.
    const small = await buildApp({ ...ctx, config: { ...ctx.config, http: { ...ctx.config.http, uploadLimitBytes: 4096 } } });
    try {
      for (const size of [4097, 100_000]) {
        const r = await small.inject({ method: 'POST', url: '/api/v1/uploads', headers: auth(citizen, { 'content-type': 'application/pdf' }), payload: Buffer.concat([tinyPdf(), Buffer.alloc(size, 0x20)]) });
        assert.equal(r.statusCode, 413, r.body);
        assert.equal(r.json().code, 'UPLOAD_TOO_LARGE');
        assert.ok(r.json().message.kk);
      }
      // The JSON routes keep their own limit.
      const json = await small.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ iin: 'x'.repeat(ctx.config.http.bodyLimitBytes + 10), password: 'x' }) });
      assert.equal(json.statusCode, 413);
      assert.equal(json.json().code, 'BODY_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  test('a person holds at most UPLOAD_MAX_UNBOUND unbound uploads (429 UPLOAD_QUOTA)', async () => {
    const strict = await buildApp({ ...ctx, config: { ...ctx.config, uploads: { ...ctx.config.uploads, maxUnbound: 1 } } });
    try {
      const r = await strict.inject({ method: 'POST', url: '/api/v1/uploads', headers: auth(executor, { 'content-type': 'application/pdf' }), payload: tinyPdf() });
      assert.equal(r.statusCode, 201, r.body);
      const again = await strict.inject({ method: 'POST', url: '/api/v1/uploads', headers: auth(executor, { 'content-type': 'application/pdf' }), payload: tinyPdf() });
      assert.equal(again.statusCode, 429);
      assert.equal(again.json().code, 'UPLOAD_QUOTA');
      await app.inject({ method: 'DELETE', url: `/api/v1/uploads/${r.json().id}`, headers: auth(executor) });
    } finally {
      await strict.close();
    }
  });

  test('the owner deletes an unbound upload (audited); another person’s is not found', async () => {
    const m = await uploaded();
    const other = await app.inject({ method: 'DELETE', url: `/api/v1/uploads/${m.id}`, headers: auth(citizen2) });
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().code, 'UPLOAD_NOT_FOUND');
    const r = await app.inject({ method: 'DELETE', url: `/api/v1/uploads/${m.id}`, headers: auth(citizen) });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(await count('SELECT count(*)::int AS n FROM uploads WHERE id = $1', [m.id]), 0);
    assert.equal(await count("SELECT count(*)::int AS n FROM audit_log WHERE event = 'upload.deleted' AND subject_id = $1", [m.id]), 1);
    assert.equal((await app.inject({ method: 'DELETE', url: '/api/v1/uploads/not-a-uuid', headers: auth(citizen) })).statusCode, 404);
  });
});

describe(`binding on submission (${engine})`, () => {
  test('the guardianship decision scan is required on the portal; attached, it is bound to the application in the same write and listed with it', async () => {
    const missing = await submit('guardianship-reference', await example('guardianship-reference'));
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(missing.json().errors.map((e: { path: string; code: string }) => [e.path, e.code]), [['/form/decisionScan', 'REQUIRED']]);

    const m = await uploaded(tinyPdf('decision 412'), citizen, 'шешім.pdf');
    const r = await submit('guardianship-reference', await guardianship([m]));
    assert.equal(r.statusCode, 201, r.body);
    const { id } = r.json();
    const row = (await ctx.db.query<{ application_id: string; field: string; bound_at: Date | null }>('SELECT application_id, field, bound_at FROM uploads WHERE id = $1', [m.id])).rows[0]!;
    assert.equal(row.application_id, id);
    assert.equal(row.field, 'decisionScan');
    assert.ok(row.bound_at);
    // The application's audit event names the files it was filed with (id, hash, field).
    const aud = (await ctx.db.query<{ data: { files: Array<{ id: string; sha256: string; field: string }> } }>("SELECT data FROM audit_log WHERE event = 'application.submitted' AND subject_id = $1", [id])).rows[0]!;
    assert.deepEqual(aud.data.files, [{ id: m.id, sha256: m.sha256, field: 'decisionScan' }]);
    // The applicant sees the file on the application and downloads it.
    const detail = (await app.inject({ url: `/api/v1/applications/${id}`, headers: auth(citizen) })).json();
    assert.deepEqual(
      detail.files.map((f: { id: string; name: string; sha256: string; field: string; document: { id: string } | null }) => [f.id, f.name, f.sha256, f.field, f.document?.id]),
      [[m.id, 'шешім.pdf', m.sha256, 'decisionScan', 'guardianship-decision-scan']],
    );
    assert.deepEqual(detail.form.decisionScan, [m], 'the signed form keeps the reference');
    const dl = await app.inject({ url: `/api/v1/applications/${detail.number}/files/${m.id}`, headers: auth(citizen) });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.ok(dl.rawPayload.equals(tinyPdf('decision 412')));
    assert.equal((await app.inject({ url: `/api/v1/applications/${id}/files/${m.id}`, headers: auth(citizen2) })).statusCode, 404, 'not to another citizen');
    // A bound upload cannot be deleted any more.
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/uploads/${m.id}`, headers: auth(citizen) });
    assert.equal(del.statusCode, 409);
    assert.equal(del.json().code, 'UPLOAD_ALREADY_BOUND');
    // A retry of the same signed request is the same application (its files are its own).
    const k = key();
    const m2 = await uploaded();
    const form = await guardianship([m2]);
    const first = await submit('guardianship-reference', form, citizen, k);
    const retry = await submit('guardianship-reference', form, citizen, k);
    assert.equal(first.statusCode, 201);
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.json().id, first.json().id);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
  });

  /** A submission that must be refused with `code` at `path`, writing nothing. */
  async function refusedSubmission(form: Record<string, unknown>, path: string, code: string, who = citizen) {
    const before = await count('SELECT ((SELECT count(*) FROM applications) + (SELECT count(*) FROM idempotency_keys) + (SELECT count(*) FROM uploads WHERE application_id IS NOT NULL))::int AS n');
    const r = await submit('guardianship-reference', form, who);
    assert.equal(r.statusCode, 422, r.body);
    const e = r.json();
    assert.equal(e.code, 'VALIDATION_FAILED');
    assert.equal(e.path, path);
    assert.deepEqual(e.errors.map((x: { path: string; code: string }) => [x.path, x.code]), [[path, code]]);
    assert.ok(e.errors[0].message.kk && e.errors[0].message.ru && e.errors[0].message.en);
    const afterN = await count('SELECT ((SELECT count(*) FROM applications) + (SELECT count(*) FROM idempotency_keys) + (SELECT count(*) FROM uploads WHERE application_id IS NOT NULL))::int AS n');
    assert.equal(afterN, before, 'nothing written');
  }

  test("someone else's upload → 422 FILE_NOT_FOUND at its path, nothing written", async () => {
    const theirs = await uploaded(tinyPdf('theirs'), citizen2);
    const mine = await uploaded();
    await refusedSubmission(await guardianship([mine, theirs]), '/form/decisionScan/1', 'FILE_NOT_FOUND');
    assert.equal(await count('SELECT count(*)::int AS n FROM uploads WHERE id = ANY($1::uuid[]) AND application_id IS NULL', [[mine.id, theirs.id]]), 2, 'both stay unbound');
  });

  test('a wrong hash, size or type → 422 FILE_MISMATCH; an unknown id → FILE_NOT_FOUND; a malformed reference → INVALID_FILE', async () => {
    const m = await uploaded();
    await refusedSubmission(await guardianship([{ ...m, sha256: 'a'.repeat(64) }]), '/form/decisionScan/0', 'FILE_MISMATCH');
    await refusedSubmission(await guardianship([{ ...m, size: m.size + 1 }]), '/form/decisionScan/0', 'FILE_MISMATCH');
    await refusedSubmission(await guardianship([{ ...m, mime: 'image/png' }]), '/form/decisionScan/0', 'FILE_MISMATCH');
    await refusedSubmission(await guardianship([{ ...m, id: uuid7() }]), '/form/decisionScan/0', 'FILE_NOT_FOUND');
    await refusedSubmission(await guardianship([{ ...m, extra: 1 } as Meta]), '/form/decisionScan/0', 'INVALID_FILE');
    await refusedSubmission(await guardianship([m, m]), '/form/decisionScan/1', 'DUPLICATE_FILE');
    await refusedSubmission({ ...(await guardianship([m])), decisionScan: m }, '/form/decisionScan', 'WRONG_TYPE');
  });

  test('a file already bound to another application → 422 FILE_ALREADY_USED', async () => {
    const m = await uploaded();
    assert.equal((await submit('guardianship-reference', await guardianship([m]))).statusCode, 201);
    await refusedSubmission({ ...(await guardianship([m])), decisionNumber: '413' }, '/form/decisionScan/0', 'FILE_ALREADY_USED');
  });

  test('two submissions racing for one upload: exactly one is written and holds it', async () => {
    const m = await uploaded();
    const a = await guardianship([m]);
    const [r1, r2] = await Promise.all([submit('guardianship-reference', a), submit('guardianship-reference', { ...a, decisionNumber: '999' })]);
    const codes = [r1.statusCode, r2.statusCode].sort();
    assert.deepEqual(codes, [201, 422], `${r1.body} ${r2.body}`);
    const won = (r1.statusCode === 201 ? r1 : r2).json().id;
    const lost = r1.statusCode === 201 ? r2 : r1;
    assert.equal(lost.json().errors[0].code, 'FILE_ALREADY_USED');
    assert.equal((await ctx.db.query<{ application_id: string }>('SELECT application_id FROM uploads WHERE id = $1', [m.id])).rows[0]!.application_id, won);
  });

  // The statement itself: a row whose file cannot be bound writes nothing at all, and in a batch
  // (group commit) it fails alone while the other rows are written.
  let n = 0;
  async function row(files: SubmitRow['files']): Promise<SubmitRow> {
    n++;
    const u = (await ctx.db.query<{ id: string; iin: string }>('SELECT id, iin FROM users WHERE iin = $1', [citizen.iin])).rows[0]!;
    return {
      user_id: u.id,
      key: `bind-${randomBytes(6).toString('hex')}`,
      request_hash: 'h',
      id: uuid7(),
      service_code: 'guardianship-reference',
      service_version: 1,
      channel: 'portal',
      applicant_iin: u.iin,
      form: { n },
      filed_at: new Date().toISOString(),
      region: null,
      acceptance_date: null,
      due_date: null,
      deadline_basis: null,
      actor_role: 'citizen',
      number: `26-U${String(n).padStart(7, '0')}-${randomBytes(2).toString('hex')}`,
      sig_method: 'eds',
      payload_sha256: 'f'.repeat(64),
      cms: Buffer.from([1, 2, n & 255]).toString('base64'),
      signer_serial: 'abc',
      otp_id: null,
      files,
    };
  }
  const ref = (m: Meta) => ({ id: m.id, sha256: m.sha256, size: m.size, mime: m.mime, field: 'decisionScan' });
  const written = async (r: SubmitRow) =>
    count('SELECT ((SELECT count(*) FROM applications WHERE id = $1) + (SELECT count(*) FROM idempotency_keys WHERE application_id = $1) + (SELECT count(*) FROM application_history WHERE application_id = $1) + (SELECT count(*) FROM audit_log WHERE subject_id = $1::text))::int AS n', [r.id]);

  test('in the submission statement: a file that cannot be bound fails the whole row (no application, key, history or audit)', async () => {
    const m = await uploaded();
    const bad = await row([{ ...ref(m), sha256: 'b'.repeat(64) }]);
    await assert.rejects(insertSubmissions(ctx.db, [bad]), (e: Error & { code?: string }) => e.code === 'QZ001' && /UPLOAD_NOT_BOUND/.test(e.message));
    assert.equal(await written(bad), 0);
    const theirs = await uploaded(tinyPdf(), citizen2);
    const foreign = await row([ref(theirs)]);
    await assert.rejects(insertSubmissions(ctx.db, [foreign]), /UPLOAD_NOT_BOUND/);
    assert.equal(await written(foreign), 0);
    const good = await row([ref(m)]);
    const done = await insertSubmissions(ctx.db, [good]);
    assert.ok(done.get(good.id));
    assert.equal((await ctx.db.query<{ application_id: string }>('SELECT application_id FROM uploads WHERE id = $1', [m.id])).rows[0]!.application_id, good.id);
  });

  test('group commit: in one batch the row with an unbindable file fails alone, the others are written with their files', async () => {
    const b = new SubmitBatcher(ctx.db, { inflight: 1 });
    const [m1, m2, theirs] = [await uploaded(), await uploaded(), await uploaded(tinyPdf(), citizen2)];
    const rows = [await row([ref(m1)]), await row([ref(theirs)]), await row([ref(m2)]), await row(null)];
    const out = await Promise.allSettled(rows.map((r) => b.submit(r)));
    assert.deepEqual(out.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    assert.match(String((out[1] as PromiseRejectedResult).reason?.message), /UPLOAD_NOT_BOUND/);
    assert.equal(await written(rows[1]!), 0);
    const bound = (await ctx.db.query<{ id: string; application_id: string | null }>('SELECT id, application_id FROM uploads WHERE id = ANY($1::uuid[])', [[m1.id, m2.id, theirs.id]])).rows;
    const by = Object.fromEntries(bound.map((x) => [x.id, x.application_id]));
    assert.deepEqual([by[m1.id], by[m2.id], by[theirs.id]], [rows[0]!.id, rows[2]!.id, null]);
  });

  test('optional file fields (archival reference) may be left out or attached', async () => {
    const ex = await example('archival-reference');
    assert.equal((await submit('archival-reference', ex)).statusCode, 201);
    const png = await upload(PNG_BYTES, 'image/png', { name: 'trudovaya.png' });
    const r = await submit('archival-reference', { ...ex, attachedScans: [png.json()] });
    assert.equal(r.statusCode, 201, r.body);
  });
});

describe(`provider staff read the files (${engine})`, () => {
  let appId = '';
  let number = '';
  let file: Meta;
  const pdf = tinyPdf('staff can read this');
  before(async () => {
    file = await uploaded(pdf, citizen, 'решение об опеке.pdf');
    // Filed for Astana: routed to the Astana education department, whose staff read it.
    const r = await submit('guardianship-reference', await guardianship([file]), citizen, key(), 'astana');
    assert.equal(r.statusCode, 201, r.body);
    appId = r.json().id;
    number = (await app.inject({ url: `/api/v1/applications/${appId}`, headers: auth(citizen) })).json().number;
  });

  test('a provider clerk lists the files and downloads one: the stored type, attachment, nosniff, the same bytes; each read is audited', async () => {
    const list = await app.inject({ url: `/api/v1/staff/applications/${appId}/files`, headers: auth(clerk) });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json().items.map((f: Meta & { field: string }) => [f.id, f.name, f.sha256, f.size, f.mime, f.field]),
      [[file.id, 'решение об опеке.pdf', sha256hex(pdf), pdf.length, 'application/pdf', 'decisionScan']],
    );
    assert.equal(list.json().application.number, number);
    const dl = await app.inject({ url: `/api/v1/staff/applications/${number}/files/${file.id}`, headers: auth(clerk) });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.match(String(dl.headers['content-disposition']), /^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''%D1%80%D0%B5%D1%88/);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.equal(dl.headers['cache-control'], 'no-store');
    assert.ok(dl.rawPayload.equals(pdf), 'the same bytes');
    assert.equal(sha256hex(dl.rawPayload), file.sha256, 'the hash the applicant signed');
    const clerkId = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [clerk.iin])).rows[0]!.id;
    const audit = await ctx.db.query<{ event: string; actor_id: string; actor_role: string; subject_id: string; data: Record<string, unknown> }>(
      "SELECT event, actor_id, actor_role, subject_id, data FROM audit_log WHERE subject_id = $1 AND event LIKE 'application.file%' ORDER BY id",
      [appId],
    );
    assert.deepEqual(
      audit.rows.map((x) => [x.event, x.actor_id, x.actor_role, x.subject_id, x.data.file ?? x.data.files]),
      [
        ['application.files.listed', clerkId, 'provider-clerk', appId, [file.id]],
        ['application.file.read', clerkId, 'provider-clerk', appId, file.id],
      ],
    );
  });

  test('the applicant sees the read in "who accessed my data": when, who, which application, on the basis of the application', async () => {
    await app.inject({ url: `/api/v1/staff/applications/${appId}/files/${file.id}`, headers: auth(executor) });
    const log = (await app.inject({ url: '/api/v1/me/data-access', headers: auth(citizen) })).json().items as Array<{
      system: string;
      actor: { name: string; roles: string[] } | null;
      application: { id: string; number: string; own: boolean } | null;
      purpose: string;
      subject: { self: boolean };
      file?: { id: string; name: string };
    }>;
    const reads = log.filter((x) => x.system === 'qyzmet-files' && x.application?.id === appId);
    assert.ok(reads.length >= 2, JSON.stringify(log.slice(0, 3)));
    assert.equal(reads[0]!.actor?.name, `${executor.surname} ${executor.givenName}`, 'newest first: the executor');
    assert.ok(reads.some((x) => x.actor?.name === `${clerk.surname} ${clerk.givenName}`));
    assert.deepEqual([reads[0]!.application?.number, reads[0]!.application?.own, reads[0]!.purpose, reads[0]!.subject.self, reads[0]!.file?.name], [number, true, 'guardianship-reference', true, 'решение об опеке.pdf']);
    // Another person's log does not show it.
    const other = (await app.inject({ url: '/api/v1/me/data-access', headers: auth(citizen2) })).json().items as Array<{ application: { id: string } | null }>;
    assert.ok(!other.some((x) => x.application?.id === appId));
  });

  test('a citizen (even the applicant) and a centre operator cannot use the staff routes; nothing is audited for them', async () => {
    const before = await count("SELECT count(*)::int AS n FROM audit_log WHERE event LIKE 'application.file%'");
    for (const who of [citizen, citizen2, operator]) {
      for (const url of [`/api/v1/staff/applications/${appId}/files`, `/api/v1/staff/applications/${appId}/files/${file.id}`]) {
        const r = await app.inject({ url, headers: auth(who) });
        assert.equal(r.statusCode, 403, `${who.role} ${url}`);
        assert.equal(r.json().code, 'FORBIDDEN');
      }
    }
    assert.equal((await app.inject({ url: `/api/v1/staff/applications/${appId}/files` })).statusCode, 401);
    assert.equal(await count("SELECT count(*)::int AS n FROM audit_log WHERE event LIKE 'application.file%'"), before);
  });

  test('only staff of the provider organisation the application is routed to: another organisation’s staff and an unrouted application get 404, nothing audited', async () => {
    const routed = (await ctx.db.query<{ provider_org: string | null }>('SELECT provider_org FROM applications WHERE id = $1', [appId])).rows[0]!.provider_org;
    assert.equal(routed, 'astana-education', 'routed at submission by service and region');
    const before = await count("SELECT count(*)::int AS n FROM audit_log WHERE event LIKE 'application.file%'");
    for (const url of [`/api/v1/staff/applications/${appId}/files`, `/api/v1/staff/applications/${appId}/files/${file.id}`]) {
      const r = await app.inject({ url, headers: auth(archiveClerk) });
      assert.equal(r.statusCode, 404, 'another organisation’s application is not found');
    }
    try {
      await ctx.db.query('UPDATE applications SET provider_org = $2 WHERE id = $1', [appId, 'almaty-education']);
      assert.equal((await app.inject({ url: `/api/v1/staff/applications/${appId}/files/${file.id}`, headers: auth(clerk) })).statusCode, 404, 'moved to another organisation');
      await ctx.db.query('UPDATE applications SET provider_org = NULL WHERE id = $1', [appId]);
      assert.equal((await app.inject({ url: `/api/v1/staff/applications/${appId}/files`, headers: auth(clerk) })).statusCode, 404, 'routed to none: nobody’s');
      assert.equal(await count("SELECT count(*)::int AS n FROM audit_log WHERE event LIKE 'application.file%'"), before, 'refused reads are not audited as reads');
    } finally {
      await ctx.db.query('UPDATE applications SET provider_org = $2 WHERE id = $1', [appId, routed]);
    }
    assert.equal((await app.inject({ url: `/api/v1/staff/applications/${appId}/files`, headers: auth(clerk) })).statusCode, 200);
    assert.equal((await app.inject({ url: `/api/v1/staff/applications/${uuid7()}/files`, headers: auth(clerk) })).statusCode, 404);
    assert.equal((await app.inject({ url: `/api/v1/staff/applications/${appId}/files/${uuid7()}`, headers: auth(clerk) })).json().code, 'UPLOAD_NOT_FOUND');
    assert.equal((await app.inject({ url: `/api/v1/staff/applications/garbage/files`, headers: auth(clerk) })).statusCode, 404);
  });
});

describe(`purge (${engine})`, () => {
  test('unbound uploads older than a day are purged (audited); bound ones and fresh ones stay; the job schedules its next run', async () => {
    const old = await uploaded();
    const fresh = await uploaded();
    const boundOne = await uploaded();
    assert.equal((await submit('guardianship-reference', await guardianship([boundOne]))).statusCode, 201);
    await ctx.db.query("UPDATE uploads SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])", [[old.id, boundOne.id]]);
    const jobs = await count("SELECT count(*)::int AS n FROM jobs WHERE kind = 'uploads.purge' AND done_at IS NULL");
    assert.equal(jobs, 1, 'the migration seeds one purge job');
    await ctx.db.tx(async (q) => JOB_HANDLERS['uploads.purge']!(ctx, q, {}));
    const left = (await ctx.db.query<{ id: string }>('SELECT id FROM uploads WHERE id = ANY($1::uuid[])', [[old.id, fresh.id, boundOne.id]])).rows.map((r) => r.id).sort();
    assert.deepEqual(left, [fresh.id, boundOne.id].sort());
    assert.ok((await count("SELECT count(*)::int AS n FROM audit_log WHERE event = 'upload.purged'")) >= 1);
    assert.equal(await count("SELECT count(*)::int AS n FROM jobs WHERE kind = 'uploads.purge' AND done_at IS NULL AND run_at > now() + interval '50 minutes'"), 1, 'the next run, an hour on');
    assert.equal(await purgeUnboundUploads(ctx.db, 24), 0, 'nothing left to purge');
  });
});
