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

test(`a service decided at once: the decision is an action of the pipeline, in the submission's transaction (${engine})`, async () => {
  const { submitDecidedAtOnce } = await import('../src/automation/decide.ts');
  const ar = ctx.registry.inForce('address-reference')!;
  const b = new SubmitBatcher(ctx.db, { inflight: 2 });
  const consentId = uuid7();
  const instant = { service_code: ar.code, service_version: ar.version };
  const doc = row({ ...instant, consent_id: consentId, consent_purpose: 'address-reference', consent_systems: ['persons', 'civil-registry'] });
  const reason = { kk: 'жоқ', ru: 'нет', en: 'no' };
  const refusal = row(instant);
  const plain = row();
  const [d, r, p] = await Promise.all([
    submitDecidedAtOnce(ctx, doc, { kind: 'document', document: { type: 'address-reference', n: 1 } }),
    submitDecidedAtOnce(ctx, refusal, { kind: 'refusal', reason, document: { type: 'reasoned-refusal' } }),
    b.submit(plain),
  ]);
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
  // A decided application is not delivered to a provider (no delivery job); the plain one is.
  const jobs = await ctx.db.query<{ id: string }>("SELECT payload->>'applicationId' AS id FROM jobs WHERE kind = 'application.deliver' AND payload->>'applicationId' = ANY($1::text[])", [[doc.id, refusal.id, plain.id]]);
  assert.deepEqual(jobs.rows.map((j) => j.id), [plain.id]);
  // The decision bumped the version (optimistic concurrency of later actions).
  const v = await ctx.db.query<{ id: string; version: number }>('SELECT id, version FROM applications WHERE id = ANY($1)', [[doc.id, plain.id]]);
  assert.equal(v.rows.find((x) => x.id === doc.id)!.version, v.rows.find((x) => x.id === plain.id)!.version + 1);

  const c = await ctx.db.query<{ subject_iin: string; systems: string[]; method: string; granted: boolean; days: number }>(
    "SELECT subject_iin, systems, method, granted_at IS NOT NULL AS granted, round(extract(epoch FROM expires_at - granted_at) / 86400)::int AS days FROM consents WHERE id = $1",
    [consentId],
  );
  assert.deepEqual(c.rows[0], { subject_iin: user.iin, systems: ['persons', 'civil-registry'], method: 'signed-application', granted: true, days: 30 });
});

test(`the decision refused by the pipeline leaves nothing: not the application, not its consent (${engine})`, async () => {
  const { submitDecidedAtOnce } = await import('../src/automation/decide.ts');
  const consentId = uuid7();
  // A service that is not decided at once: the action is not allowed (409), and the submission rolls back with it.
  const wrong = row({ consent_id: consentId, consent_purpose: 'archival-reference', consent_systems: ['persons'] });
  await assert.rejects(submitDecidedAtOnce(ctx, wrong, { kind: 'document', document: {} }), (e: { code?: string; status?: number }) => e.code === 'ACTION_NOT_ALLOWED' && e.status === 409);
  const ar = ctx.registry.inForce('address-reference')!;
  // A refusal without its reason: 422 from the action's body schema, and nothing written either.
  const noReason = row({ service_code: ar.code, service_version: ar.version });
  await assert.rejects(submitDecidedAtOnce(ctx, noReason, { kind: 'refusal', document: {} }), (e: { code?: string }) => e.code === 'VALIDATION_FAILED');
  const ids = [wrong.id, noReason.id];
  assert.equal(await count('SELECT count(*)::int AS c FROM applications WHERE id = ANY($1)', ids), 0);
  assert.equal(await count('SELECT count(*)::int AS c FROM application_history WHERE application_id = ANY($1)', ids), 0);
  assert.equal(await count('SELECT count(*)::int AS c FROM audit_log WHERE subject_id = ANY($1::text[])', ids), 0);
  assert.equal(await count('SELECT count(*)::int AS c FROM idempotency_keys WHERE application_id = ANY($1)', ids), 0);
  assert.equal(await count('SELECT count(*)::int AS c FROM consents WHERE id = ANY($1)', [consentId]), 0);
});

test(`the batch path and the single-action path write history, audit and outbox rows of one shape (${engine})`, async () => {
  const { historyRow, auditRow, outboxRow, writeHistory, writeOutbox, statusRows } = await import('../src/actions/ledger.ts');
  const { writeAudit } = await import('../src/audit/audit.ts');
  const { submissionLedger } = await import('../src/applications/batch.ts');
  const b = new SubmitBatcher(ctx.db, { inflight: 1 });
  const batched = row();
  await b.submit(batched);
  // A twin application written by hand, its ledger rows through the writers the executor uses, one by one.
  const single = row();
  await ctx.db.query(
    `INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form, filed_at)
     VALUES ($1, $2, $3, $4, 'portal', $5, $6, 'submitted', '{}', $7)`,
    [single.id, single.number, single.service_code, single.service_version, single.user_id, single.applicant_iin, single.filed_at],
  );
  const expected = submissionLedger(single);
  const actor = { id: single.user_id, role: single.actor_role };
  await ctx.db.tx(async (q) => {
    await writeHistory(q, { applicationId: single.id, actor, from: null, to: 'submitted', at: single.filed_at });
    await writeAudit(q, {
      event: 'application.submitted',
      actorId: actor.id,
      actorRole: actor.role,
      subject: { type: 'application', id: single.id },
      data: { service: single.service_code, version: single.service_version, channel: single.channel },
    });
    await writeOutbox(q, [
      { kind: 'application.deliver', payload: { applicationId: single.id } },
      { kind: 'notify.submitted', payload: { applicationId: single.id } },
    ]);
  });
  const cols = {
    history: 'SELECT application_id::text, actor_id::text, actor_role, from_status, to_status, step_id, reason, at FROM application_history WHERE application_id = $1 ORDER BY id',
    audit: "SELECT event, actor_id::text, actor_role, on_behalf_of::text, subject_type, subject_id, correlation_id, reason, data FROM audit_log WHERE subject_id = $1 AND event = 'application.submitted' ORDER BY id",
    outbox: "SELECT kind, payload, run_at IS NOT NULL AS has_run_at FROM jobs WHERE payload->>'applicationId' = $1 ORDER BY id",
  };
  const read = async (sql: string, id: string) => (await ctx.db.query<Record<string, unknown>>(sql, [id])).rows;
  const swap = (x: unknown, from: string, to: string) => JSON.parse(JSON.stringify(x).replaceAll(from, to));
  for (const [name, sql] of Object.entries(cols)) {
    const a = await read(sql, batched.id);
    const s = await read(sql, single.id);
    assert.equal(a.length, name === 'outbox' ? 2 : 1, name); // the delivery job and the applicant's notification
    // Identical apart from the application's own id (and the history's `at`: each its filing time).
    const norm = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r, ...(r.at ? { at: 'filed' } : {}) }));
    assert.deepEqual(norm(swap(a, batched.id, single.id)), norm(s), name);
  }
  // Both follow the pure builders' values.
  assert.deepEqual(expected.history, [historyRow({ applicationId: single.id, actor, from: null, to: 'submitted', at: single.filed_at })]);
  assert.equal(expected.audit[0]!.event, auditRow({ event: 'application.submitted', actorId: actor.id }).event);
  assert.deepEqual(expected.outbox, [
    outboxRow({ kind: 'application.deliver', payload: { applicationId: single.id } }),
    outboxRow({ kind: 'notify.submitted', payload: { applicationId: single.id } }),
  ]);
  const h = await read(cols.history, batched.id);
  assert.equal(new Date(h[0]!.at as string).toISOString(), batched.filed_at);
  // A status change's rows are checked against the status table before anything is written.
  assert.throws(() => statusRows({ applicationId: single.id, actor, from: 'submitted', to: 'issued' }), (e: { code?: string }) => e.code === 'TRANSITION_FORBIDDEN');
  assert.deepEqual(statusRows({ applicationId: single.id, actor, from: 'submitted', to: 'delivered' }).audit.data, { from: 'submitted', to: 'delivered' });
});
