/** Group commit of submissions (src/applications/batch.ts), on PGlite and on PostgreSQL (--pg). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { SubmitBatcher, type SubmitRow } from '../src/applications/batch.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { engine, makeTestContext } from './helpers/context.ts';

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let user: { id: string; iin: string };
before(async () => {
  ctx = await makeTestContext();
  user = (await ctx.db.query<{ id: string; iin: string }>("SELECT id, iin FROM users WHERE 'citizen' = ANY(roles) ORDER BY iin LIMIT 1")).rows[0]!;
});
after(async () => ctx.close());

let n = 0;
function row(over: Partial<SubmitRow> = {}): SubmitRow {
  n++;
  return {
    user_id: user.id,
    key: `batch-${randomBytes(6).toString('hex')}`,
    request_hash: 'h',
    id: uuid7(),
    service_code: 'archival-reference',
    service_version: 2,
    channel: 'portal',
    applicant_iin: user.iin,
    form: { n },
    filed_at: new Date().toISOString(),
    region: null,
    acceptance_date: '2026-11-23',
    due_date: '2026-12-14',
    deadline_basis: { termId: 't', basis: { kk: 'a', ru: 'b', en: 'c' } },
    actor_role: 'citizen',
    number: `26-B${String(n).padStart(7, '0')}-${randomBytes(2).toString('hex')}`,
    sig_method: 'eds',
    payload_sha256: 'f'.repeat(64),
    cms: Buffer.from([1, 2, 3, n & 255]).toString('base64'),
    signer_serial: 'abc',
    otp_id: null,
    ...over,
  };
}

/** Let the event loop take one turn (the batcher starts statements from setImmediate). */
const turn = () => new Promise((r) => setImmediate(r));

const count = async (sql: string, ids: string[]) => (await ctx.db.query<{ c: number }>(sql, [ids])).rows[0]!.c;

test(`submissions that arrive while a statement runs share the next one, each with all its rows (${engine})`, async () => {
  const b = new SubmitBatcher(ctx.db, { inflight: 1 });
  const rows = Array.from({ length: 6 }, () => row());
  const first = b.submit(rows[0]!);
  await turn(); // the first statement is running
  const out = await Promise.all([first, ...rows.slice(1).map((r) => b.submit(r))]);
  // The first went alone (nothing else had arrived); the five queued behind it went together.
  assert.deepEqual(b.stats, { statements: 2, rows: 6, largest: 5 });
  out.forEach((o, i) => {
    assert.equal(o?.id, rows[i]!.id);
    assert.equal(o?.number, rows[i]!.number);
    assert.equal(o?.status, 'submitted');
    assert.equal(o?.due_date, '2026-12-14');
  });
  const ids = rows.map((r) => r.id);
  assert.equal(await count('SELECT count(*)::int AS c FROM applications WHERE id = ANY($1)', ids), 6);
  assert.equal(await count("SELECT count(*)::int AS c FROM application_history WHERE application_id = ANY($1) AND to_status = 'submitted'", ids), 6);
  assert.equal(await count("SELECT count(*)::int AS c FROM audit_log WHERE subject_id = ANY($1::text[]) AND event = 'application.submitted'", ids), 6);
  assert.equal(await count("SELECT count(*)::int AS c FROM jobs WHERE kind = 'application.deliver' AND payload->>'applicationId' = ANY($1::text[])", ids), 6);
  const sigs = await ctx.db.query<{ application_id: string; cms: Buffer }>('SELECT application_id, cms FROM application_signatures WHERE application_id = ANY($1)', [ids]);
  assert.equal(sigs.rows.length, 6);
  for (const s of sigs.rows) {
    const r = rows.find((x) => x.id === s.application_id)!;
    assert.deepEqual(Buffer.from(s.cms), Buffer.from(r.cms!, 'base64'));
  }
  // Each row keeps its own form and timestamps.
  const forms = await ctx.db.query<{ id: string; form: { n: number } }>('SELECT id, form FROM applications WHERE id = ANY($1)', [ids]);
  for (const f of forms.rows) assert.deepEqual(f.form, rows.find((x) => x.id === f.id)!.form);
});

test(`submissions made in the same turn of the event loop go in one statement (${engine})`, async () => {
  const b = new SubmitBatcher(ctx.db, { inflight: 4 });
  const rows = Array.from({ length: 10 }, () => row());
  const out = await Promise.all(rows.map((r) => b.submit(r)));
  assert.deepEqual(b.stats, { statements: 1, rows: 10, largest: 10 });
  assert.deepEqual(out.map((o) => o?.id), rows.map((r) => r.id));
  // maxBatch splits a long queue
  const small = new SubmitBatcher(ctx.db, { inflight: 4, maxBatch: 3 });
  await Promise.all(Array.from({ length: 7 }, () => small.submit(row())));
  assert.deepEqual(small.stats, { statements: 3, rows: 7, largest: 3 });
});

test(`one bad row fails alone; the rows batched with it are written (${engine})`, async () => {
  const b = new SubmitBatcher(ctx.db, { inflight: 1 });
  const good = [row(), row(), row()];
  const bad = row({ user_id: uuid7() }); // no such user: foreign key violation
  const first = row();
  const p0 = b.submit(first);
  await turn();
  const results = await Promise.allSettled([p0, b.submit(good[0]!), b.submit(bad), b.submit(good[1]!), b.submit(good[2]!)]);
  assert.equal(results[2]!.status, 'rejected');
  for (const i of [0, 1, 3, 4]) assert.equal(results[i]!.status, 'fulfilled', `row ${i}`);
  const ids = [first, ...good].map((r) => r.id);
  assert.equal(await count('SELECT count(*)::int AS c FROM applications WHERE id = ANY($1)', ids), 4);
  assert.equal(await count('SELECT count(*)::int AS c FROM applications WHERE id = ANY($1)', [bad.id]), 0);
  assert.equal(await count('SELECT count(*)::int AS c FROM idempotency_keys WHERE application_id = ANY($1)', [bad.id]), 0);
  assert.equal(b.stats.largest, 1); // the failed batch of four was written row by row
});

test(`two rows with one idempotency key in one batch make one application (${engine})`, async () => {
  const b = new SubmitBatcher(ctx.db, { inflight: 1 });
  const a = row();
  const twin = row({ key: a.key });
  const p0 = b.submit(row());
  await turn();
  const [, r1, r2] = await Promise.all([p0, b.submit(a), b.submit(twin)]);
  assert.equal(b.stats.largest, 2);
  assert.equal(r1?.id, a.id);
  assert.equal(r2, null); // the key was taken: the caller answers with the first one
  assert.equal(await count('SELECT count(*)::int AS c FROM applications WHERE id = ANY($1)', [twin.id]), 0);
});

test(`concurrent HTTP-level retries with one key return one application (${engine})`, async () => {
  const { submitApplication } = await import('../src/applications/applications.ts');
  const { signingPayload } = await import('../src/identity/payload.ts');
  const { signCms } = await import('../src/pki/sign.ts');
  const acc = (await ctx.db.query<{ id: string; iin: string; surname: string; given_name: string; roles: string[] }>(
    "SELECT id, iin, surname, given_name, roles FROM users WHERE 'citizen' = ANY(roles) ORDER BY iin LIMIT 1",
  )).rows[0]!;
  const u = { id: acc.id, iin: acc.iin, surname: acc.surname, givenName: acc.given_name, patronymic: null, roles: acc.roles, orgId: null } as never;
  const it = await ctx.pki.ca!.issue({ iin: acc.iin, name: 'Batch Test', usage: 'sign', algorithm: 'ecdsa', password: 'pw-batch-1' });
  const def = ctx.registry.inForce('archival-reference')!;
  const key = `same-${randomBytes(4).toString('hex')}`;
  const draft = { serviceCode: def.code, channel: 'portal' as const, form: { ...(def.form.example as Record<string, unknown>), applicantIin: acc.iin } };
  const cms = await signCms(signingPayload({ ...draft, region: null, applicantIin: acc.iin, idempotencyKey: key }), it.pkcs12, 'pw-batch-1');
  const input = { ...draft, signature: { method: 'eds' as const, cms: Buffer.from(cms).toString('base64') } };
  const out = await Promise.all(Array.from({ length: 5 }, () => submitApplication(ctx, u, input, key)));
  assert.equal(new Set(out.map((o) => o.id)).size, 1);
  assert.equal(out.filter((o) => !o.replayed).length, 1);
  assert.equal(await count('SELECT count(*)::int AS c FROM idempotency_keys WHERE application_id = ANY($1)', [out[0]!.id]), 1);
});

test(`a service decided at once: decision, result and consent are written with the application (${engine})`, async () => {
  const b = new SubmitBatcher(ctx.db, { inflight: 2 });
  const consentId = uuid7();
  const doc = row({
    final_status: 'result-ready',
    result_kind: 'document',
    result_document: { type: 'address-reference', n: 1 },
    consent_id: consentId,
    consent_purpose: 'address-reference',
    consent_systems: ['persons', 'civil-registry'],
  });
  const reason = { kk: 'жоқ', ru: 'нет', en: 'no' };
  const refusal = row({ final_status: 'refused', decision_reason: reason, result_kind: 'refusal', result_document: { type: 'reasoned-refusal' } });
  const plain = row();
  const [d, r, p] = await Promise.all([b.submit(doc), b.submit(refusal), b.submit(plain)]);
  assert.equal(b.stats.statements, 1);
  assert.deepEqual([d?.status, r?.status, p?.status], ['result-ready', 'refused', 'submitted']);

  const hist = await ctx.db.query<{ application_id: string; from_status: string | null; to_status: string; actor_role: string; reason: unknown }>(
    'SELECT application_id, from_status, to_status, actor_role, reason FROM application_history WHERE application_id = ANY($1) ORDER BY id',
    [[doc.id, refusal.id, plain.id]],
  );
  const of = (id: string) => hist.rows.filter((h) => h.application_id === id).map((h) => [h.from_status, h.to_status, h.actor_role]);
  assert.deepEqual(of(doc.id), [[null, 'submitted', 'citizen'], ['submitted', 'result-ready', 'provider-system']]);
  assert.deepEqual(of(refusal.id), [[null, 'submitted', 'citizen'], ['submitted', 'refused', 'provider-system']]);
  assert.deepEqual(of(plain.id), [[null, 'submitted', 'citizen']]);
  assert.deepEqual(hist.rows.find((h) => h.application_id === refusal.id && h.to_status === 'refused')?.reason, reason);

  const audit = await ctx.db.query<{ subject_id: string; event: string; data: Record<string, string> }>(
    'SELECT subject_id, event, data FROM audit_log WHERE subject_id = ANY($1::text[]) ORDER BY id',
    [[doc.id]],
  );
  assert.deepEqual(audit.rows.map((a) => a.event), ['application.submitted', 'application.status']);
  assert.deepEqual(audit.rows[1]?.data, { from: 'submitted', to: 'result-ready' });

  const res = await ctx.db.query<{ application_id: string; kind: string; document: { type: string } }>('SELECT application_id, kind, document FROM application_results WHERE application_id = ANY($1)', [[doc.id, refusal.id, plain.id]]);
  assert.equal(res.rows.length, 2);
  assert.equal(res.rows.find((x) => x.application_id === doc.id)?.document.type, 'address-reference');
  assert.equal(res.rows.find((x) => x.application_id === refusal.id)?.kind, 'refusal');

  const c = await ctx.db.query<{ subject_iin: string; systems: string[]; method: string; granted: boolean; days: number }>(
    "SELECT subject_iin, systems, method, granted_at IS NOT NULL AS granted, round(extract(epoch FROM expires_at - granted_at) / 86400)::int AS days FROM consents WHERE id = $1",
    [consentId],
  );
  assert.deepEqual(c.rows[0], { subject_iin: user.iin, systems: ['persons', 'civil-registry'], method: 'signed-application', granted: true, days: 30 });
});
