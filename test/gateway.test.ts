/**
 * The e-government gateway: envelope and correlation ids, timeouts, retries (idempotent
 * queries only, exponential backoff with jitter), the circuit breaker (closed → open →
 * half-open → closed), the call log (every call: ok, not found, error, timeout, unavailable),
 * fault injection (object API and GATEWAY_FAULTS), error mapping (HTTP 503 + kk/ru/en).
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Fastify from 'fastify';
import { migrate } from '../src/db/migrate.ts';
import { CallLog } from '../src/gateway/call-log.ts';
import { GatewayError, isGatewayError } from '../src/gateway/errors.ts';
import { parseFaultsEnv } from '../src/gateway/faults.ts';
import { createGateway, type Gateway, type GatewayOptions, parseConfigEnv, requireData } from '../src/gateway/gateway.ts';
import type { Connector, ConnectorReply, RequestEnvelope } from '../src/gateway/types.ts';
import { installErrorHandling } from '../src/http/errors.ts';
import { isUuid } from '../src/lib/uuid7.ts';
import { createStateGateway } from '../src/registries/index.ts';
import { engine, openTestDb } from './helpers/context.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
before(async () => {
  db = await openTestDb();
  await migrate(db);
});
after(async () => db.drop());

const META = { sender: 'qyzmet-test', purpose: 'unit-test', actorId: 'user-1', consentId: 'consent-9', subjectIin: '880515300120' };

/** A scripted connector: each call takes the next behaviour (last one repeats). */
type Behaviour = 'ok' | 'not_found' | 'rejected' | 'error' | 'hang' | { delayMs: number };
function scripted(systemId: string, script: Behaviour[]) {
  const seen: RequestEnvelope[] = [];
  let i = 0;
  const connector: Connector = {
    systemId,
    title: { kk: 'Тест', ru: 'Тест', en: 'Test' },
    services: {
      query: { idempotent: true, subject: (d) => (d as { iin?: string })?.iin ?? null },
      write: { idempotent: false },
    },
    async call(req, ctx): Promise<ConnectorReply> {
      seen.push(req);
      const b = script[Math.min(i++, script.length - 1)] as Behaviour;
      if (typeof b === 'object') {
        await new Promise((r) => setTimeout(r, b.delayMs));
        return { status: 'OK', data: { echo: req.requestData.data } };
      }
      switch (b) {
        case 'ok':
          return { status: 'OK', data: { echo: req.requestData.data } };
        case 'not_found':
          return { status: 'NOT_FOUND', reason: 'NO_SUCH_THING' };
        case 'rejected':
          return { status: 'REJECTED', reason: 'bad input' };
        case 'error':
          throw new Error('ECONNRESET');
        case 'hang':
          return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      }
    },
  };
  return { connector, seen, calls: () => i };
}

let uniq = 0;
/** A gateway with a fresh scripted connector, recorded (not waited) backoff sleeps and a movable clock. */
function setup(script: Behaviour[], opts: Partial<GatewayOptions> = {}) {
  const systemId = `test-${engine}-${++uniq}`;
  const s = scripted(systemId, script);
  const sleeps: number[] = [];
  const clock = { t: 1_000_000 };
  const gw = createGateway({
    db,
    connectors: [s.connector],
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    config: { [systemId]: { timeoutMs: 200, retries: 2, backoffBaseMs: 100, backoffMaxMs: 1000, breaker: { failureThreshold: 3, cooldownMs: 5000, halfOpenMaxCalls: 1 } } },
    ...opts,
  });
  return { gw, systemId, sleeps, clock, ...s };
}

async function logRows(gw: Gateway, systemId: string) {
  await gw.flush();
  return (
    await db.query<Record<string, unknown>>(
      'SELECT message_id, correlation_id, system_id, service_id, attempt, sender_id, actor_id, subject_iin, purpose, consent_id, status, duration_ms, error_code, error_message, at FROM gateway_calls WHERE system_id = $1 ORDER BY message_id',
      [systemId],
    )
  ).rows;
}

describe(`gateway (${engine})`, () => {
  test('request and response envelopes carry the ШЭП fields; the correlation id is kept', async () => {
    const { gw, systemId, seen } = setup(['ok']);
    const r = await gw.send(systemId, 'query', { iin: '880515300120' }, { ...META, correlationId: 'app-26-00001234-9', sessionId: 'sess-1' });
    assert.equal(r.status, 'ok');
    const req = seen[0] as RequestEnvelope;
    const ri = req.requestInfo;
    assert.ok(isUuid(ri.messageId));
    assert.equal(ri.correlationId, 'app-26-00001234-9');
    assert.equal(ri.serviceId, 'query');
    assert.equal(ri.messageType, 'REQUEST');
    assert.ok(!Number.isNaN(Date.parse(ri.messageDate)));
    assert.equal(ri.sender.senderId, 'qyzmet-test');
    assert.equal(ri.sessionId, 'sess-1');
    assert.deepEqual(ri.properties, { purpose: 'unit-test', attempt: '1', subjectIin: '880515300120', consentId: 'consent-9', actorId: 'user-1' });
    assert.deepEqual(req.requestData.data, { iin: '880515300120' });
    const res = r.info.response.responseInfo;
    assert.equal(res.messageId, ri.messageId);
    assert.equal(res.correlationId, 'app-26-00001234-9');
    assert.equal(res.messageType, 'RESPONSE');
    assert.equal(res.status.code, 'OK');
    assert.ok(!Number.isNaN(Date.parse(res.responseDate)));
    assert.equal(r.info.messageId, ri.messageId);
    if (r.status === 'ok') assert.deepEqual(r.data, { echo: { iin: '880515300120' } });
  });

  test('without a correlation id each call gets a new one; the sender password is sent, never logged', async () => {
    const { gw, systemId, seen } = setup(['ok'], { senderPassword: 's3cret' });
    const a = await gw.send(systemId, 'query', {}, META);
    const b = await gw.send(systemId, 'query', {}, META);
    assert.ok(isUuid(a.info.correlationId) && isUuid(b.info.correlationId));
    assert.notEqual(a.info.correlationId, b.info.correlationId);
    assert.equal(seen[0]?.requestInfo.sender.password, 's3cret');
    assert.equal(a.info.request.requestInfo.sender.password, undefined, 'not handed back to the caller');
    const rows = await logRows(gw, systemId);
    assert.ok(!JSON.stringify(rows).includes('s3cret'));
  });

  test('a query is retried with exponential backoff and jitter; every attempt is a new message with the same correlation id', async () => {
    const { gw, systemId, sleeps, seen } = setup(['error', 'error', 'ok']);
    const r = await gw.send(systemId, 'query', { iin: '880515300120' }, META);
    assert.equal(r.status, 'ok');
    assert.equal(r.info.attempts, 3);
    assert.equal(seen.length, 3);
    const ids = new Set(seen.map((s) => s.requestInfo.messageId));
    assert.equal(ids.size, 3);
    assert.equal(new Set(seen.map((s) => s.requestInfo.correlationId)).size, 1);
    assert.deepEqual(
      seen.map((s) => s.requestInfo.properties.attempt),
      ['1', '2', '3'],
    );
    // base 100 ms: retry 1 waits 50–100 ms, retry 2 waits 100–200 ms (equal jitter)
    assert.equal(sleeps.length, 2);
    assert.ok(sleeps[0]! >= 50 && sleeps[0]! <= 100, `first backoff ${sleeps[0]}`);
    assert.ok(sleeps[1]! >= 100 && sleeps[1]! <= 200, `second backoff ${sleeps[1]}`);
    const rows = await logRows(gw, systemId);
    assert.deepEqual(
      rows.map((x) => [x.attempt, x.status]),
      [
        [1, 'error'],
        [2, 'error'],
        [3, 'ok'],
      ],
    );
    assert.equal(new Set(rows.map((x) => x.correlation_id)).size, 1);
  });

  test('backoff is capped and jittered', () => {
    const { gw, systemId } = setup(['ok']);
    for (let n = 1; n <= 8; n++) {
      const ms = gw.backoffMs(systemId, n);
      const exp = Math.min(1000, 100 * 2 ** (n - 1));
      assert.ok(ms >= exp / 2 && ms <= exp, `retry ${n}: ${ms}`);
    }
  });

  test('a write (non-idempotent) is never retried', async () => {
    const { gw, systemId, sleeps, calls } = setup(['error', 'ok']);
    await assert.rejects(gw.send(systemId, 'write', { x: 1 }, META), (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR'));
    assert.equal(calls(), 1);
    assert.equal(sleeps.length, 0);
    const t = setup(['hang', 'ok'], { config: {} });
    t.gw.configure(t.systemId, { timeoutMs: 30, retries: 3 });
    await assert.rejects(t.gw.send(t.systemId, 'write', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_TIMEOUT'));
    assert.equal(t.calls(), 1);
  });

  test('a call that does not answer in time fails with GATEWAY_TIMEOUT (503) after the retries', async () => {
    const { gw, systemId, calls } = setup(['hang']);
    gw.configure(systemId, { timeoutMs: 40, retries: 1 });
    const t0 = performance.now();
    const err = await gw.send(systemId, 'query', {}, META).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(isGatewayError(err, 'GATEWAY_TIMEOUT'), String(err));
    assert.equal((err as GatewayError).status, 503);
    assert.equal(calls(), 2);
    assert.ok(performance.now() - t0 >= 75);
    const rows = await logRows(gw, systemId);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['timeout', 'timeout'],
    );
    assert.ok((rows[0]?.duration_ms as number) >= 35);
    assert.equal(rows[0]?.error_code, 'GATEWAY_TIMEOUT');
  });

  test('"not found" is a typed result, not an error, and does not trip the circuit', async () => {
    const { gw, systemId } = setup(['not_found']);
    for (let i = 0; i < 6; i++) {
      const r = await gw.send(systemId, 'query', {}, META);
      assert.equal(r.status, 'not_found');
      if (r.status === 'not_found') {
        assert.equal(r.reason, 'NO_SUCH_THING');
        assert.ok(r.message.kk && r.message.ru && r.message.en);
        assert.equal(r.info.response.responseInfo.status.code, 'NOT_FOUND');
      }
    }
    assert.equal(gw.breaker(systemId).state, 'closed');
    const r = await gw.send(systemId, 'query', {}, META);
    assert.throws(
      () => requireData(r),
      (e: unknown) => isGatewayError(e, 'GATEWAY_NO_DATA') && (e as GatewayError).status === 422,
    );
  });

  test('a rejected request is GATEWAY_REJECTED (422), never retried, not a circuit failure', async () => {
    const { gw, systemId, calls } = setup(['rejected']);
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_REJECTED') && (e as GatewayError).status === 422);
    assert.equal(calls(), 1);
    assert.equal(gw.breaker(systemId).snapshot().consecutiveFailures, 0);
  });

  test('the circuit opens after N failures, rejects fast while open, half-opens after the cool-down and closes on success', async () => {
    const { gw, systemId, clock, calls } = setup(['error', 'error', 'error', 'ok']);
    gw.configure(systemId, { retries: 0 });
    for (let i = 0; i < 3; i++) await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR'));
    assert.equal(gw.breaker(systemId).state, 'open');
    assert.equal(calls(), 3);

    // Open: rejected at once, the connector is not called.
    const t0 = performance.now();
    const err = await gw.send(systemId, 'query', {}, META).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(performance.now() - t0 < 50);
    assert.ok(isGatewayError(err, 'GATEWAY_UNAVAILABLE'));
    const ge = err as GatewayError;
    assert.equal(ge.status, 503);
    assert.equal(ge.details.retryAfterMs, 5000);
    assert.equal(calls(), 3);

    // Still open just before the cool-down ends.
    clock.t += 4999;
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_UNAVAILABLE'));
    // Half-open after the cool-down: one probe goes through and closes the circuit.
    clock.t += 1;
    assert.equal(gw.breaker(systemId).state, 'half-open');
    const ok = await gw.send(systemId, 'query', {}, META);
    assert.equal(ok.status, 'ok');
    assert.equal(gw.breaker(systemId).state, 'closed');
    assert.equal(calls(), 4);

    const rows = await logRows(gw, systemId);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['error', 'error', 'error', 'unavailable', 'unavailable', 'ok'],
    );
    assert.equal(rows[3]?.error_code, 'GATEWAY_UNAVAILABLE');
  });

  test('a failed half-open probe opens the circuit again; only one probe at a time', async () => {
    const { gw, systemId, clock, calls } = setup(['error', 'error', 'error', 'error', { delayMs: 40 }]);
    gw.configure(systemId, { retries: 0 });
    for (let i = 0; i < 3; i++) await assert.rejects(gw.send(systemId, 'query', {}, META));
    clock.t += 5000;
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR'));
    assert.equal(gw.breaker(systemId).state, 'open');
    assert.equal(calls(), 4);
    clock.t += 5000;
    // The probe takes 40 ms; a concurrent call meanwhile is rejected.
    const probe = gw.send(systemId, 'query', {}, META);
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_UNAVAILABLE'));
    assert.equal((await probe).status, 'ok');
    assert.equal(gw.breaker(systemId).state, 'closed');
  });

  test('retries stop when the circuit opens', async () => {
    const { gw, systemId, calls, sleeps } = setup(['error']);
    gw.configure(systemId, { retries: 5, breaker: { failureThreshold: 2 } });
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR'));
    assert.equal(calls(), 2);
    assert.equal(sleeps.length, 1);
  });

  test('every call is logged: who, which system and service, whose data, purpose, consent, status, duration', async () => {
    const { gw, systemId } = setup(['ok', 'not_found', 'error', 'hang']);
    gw.configure(systemId, { retries: 0, timeoutMs: 30 });
    await gw.send(systemId, 'query', { iin: '880515300120' }, { sender: 'qyzmet-portal', purpose: 'address-reference', actorId: 'u-42', consentId: 'c-1' });
    await gw.send(systemId, 'query', { iin: '920321400012' }, { sender: 'qyzmet-psc', purpose: 'archival-reference', actorId: 'op-7' });
    await assert.rejects(gw.send(systemId, 'query', {}, { ...META, subjectIin: '123' }));
    await assert.rejects(gw.send(systemId, 'write', { x: 1 }, META));
    const rows = await logRows(gw, systemId);
    assert.equal(rows.length, 4);
    const [a, b, c, d] = rows as Array<Record<string, unknown>>;
    assert.deepEqual(
      { sender: a?.sender_id, actor: a?.actor_id, system: a?.system_id, service: a?.service_id, subject: a?.subject_iin, purpose: a?.purpose, consent: a?.consent_id, status: a?.status, code: a?.error_code },
      { sender: 'qyzmet-portal', actor: 'u-42', system: systemId, service: 'query', subject: '880515300120', purpose: 'address-reference', consent: 'c-1', status: 'ok', code: null },
    );
    // The subject comes from the request when the service declares it.
    assert.deepEqual([b?.status, b?.subject_iin, b?.error_code, b?.consent_id, b?.sender_id], ['not_found', '920321400012', 'NO_SUCH_THING', null, 'qyzmet-psc']);
    // A malformed subject IIN is not stored.
    assert.deepEqual([c?.status, c?.subject_iin, c?.error_code, c?.error_message], ['error', null, 'GATEWAY_ERROR', 'ECONNRESET']);
    assert.deepEqual([d?.status, d?.service_id, d?.subject_iin, d?.error_code], ['timeout', 'write', '880515300120', 'GATEWAY_TIMEOUT']);
    for (const r of rows) {
      assert.ok(r.at instanceof Date);
      assert.equal(typeof r.duration_ms, 'number');
      assert.ok(isUuid(r.message_id as string));
    }
  });

  test('the call log is written in batches without waiting, and by flush()/close()', async () => {
    const { gw, systemId } = setup(['ok'], { log: { flushIntervalMs: 30 } });
    await gw.send(systemId, 'query', {}, META);
    await gw.send(systemId, 'query', {}, META);
    const before = await db.query('SELECT count(*)::int AS n FROM gateway_calls WHERE system_id = $1', [systemId]);
    assert.ok((before.rows[0] as { n: number }).n <= 2);
    await new Promise((r) => setTimeout(r, 150));
    const later = await db.query('SELECT count(*)::int AS n FROM gateway_calls WHERE system_id = $1', [systemId]);
    assert.equal((later.rows[0] as { n: number }).n, 2);
    await gw.send(systemId, 'query', {}, META);
    await gw.close();
    const closed = await db.query('SELECT count(*)::int AS n FROM gateway_calls WHERE system_id = $1', [systemId]);
    assert.equal((closed.rows[0] as { n: number }).n, 3);
    assert.equal(gw.log.stats().written, 3);
  });

  test("a row the database refuses does not block the others (dropped and counted)", async () => {
    const log = new CallLog(db, { flushIntervalMs: 10_000 });
    const row = (id: string, subject: string | null) => ({
      messageId: id,
      correlationId: 'c',
      systemId: `bad-${engine}`,
      serviceId: 's',
      attempt: 1,
      senderId: 'x',
      actorId: null,
      subjectIin: subject,
      purpose: 'p',
      consentId: null,
      status: 'ok' as const,
      durationMs: 1,
      errorCode: null,
      errorMessage: null,
      at: new Date(),
    });
    await log.record(row('01900000-0000-7000-8000-000000000001', '880515300120'));
    await log.record(row('01900000-0000-7000-8000-000000000002', '8805153001201234')); // too long for char(12)
    await log.record(row('01900000-0000-7000-8000-000000000003', null));
    await log.flush();
    assert.deepEqual(log.stats(), { buffered: 0, written: 2, dropped: 1, failedFlushes: 0 });
    await log.close();
  });

  test("with the caller's transaction the log row is part of it (committed or rolled back with it)", async () => {
    const { gw, systemId } = setup(['ok']);
    await db.tx(async (tx) => {
      await gw.send(systemId, 'query', {}, { ...META, purpose: 'committed', tx });
    });
    await assert.rejects(
      db.tx(async (tx) => {
        await gw.send(systemId, 'query', {}, { ...META, purpose: 'rolled-back', tx });
        throw new Error('caller fails');
      }),
    );
    const rows = await logRows(gw, systemId);
    assert.deepEqual(
      rows.map((r) => r.purpose),
      ['committed'],
    );
  });

  test('fault injection: errors, timeouts and latency per connector, changeable at run time', async () => {
    const { gw, systemId, calls } = setup(['ok']);
    gw.configure(systemId, { retries: 0, timeoutMs: 40 });
    gw.faults.set(systemId, { errorRate: 1 });
    const err = await gw.send(systemId, 'query', {}, META).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(isGatewayError(err, 'GATEWAY_ERROR'));
    assert.equal(calls(), 0, 'an injected error never reaches the connector');
    gw.faults.set(systemId, { timeoutRate: 1 });
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_TIMEOUT'));
    gw.faults.set(systemId, { latencyMs: 25, jitterMs: 5 });
    const t0 = performance.now();
    assert.equal((await gw.send(systemId, 'query', {}, META)).status, 'ok');
    assert.ok(performance.now() - t0 >= 24);
    gw.faults.set(systemId, { latencyMs: 100 }); // longer than the timeout
    await assert.rejects(gw.send(systemId, 'query', {}, META), (e: unknown) => isGatewayError(e, 'GATEWAY_TIMEOUT'));
    gw.faults.clear(systemId);
    gw.breaker(systemId).reset();
    assert.equal((await gw.send(systemId, 'query', {}, META)).status, 'ok');
    const rows = await logRows(gw, systemId);
    assert.deepEqual(
      rows.map((r) => [r.status, r.error_code]),
      [
        ['error', 'INJECTED_FAULT'],
        ['timeout', 'GATEWAY_TIMEOUT'],
        ['ok', null],
        ['timeout', 'GATEWAY_TIMEOUT'],
        ['ok', null],
      ],
    );
  });

  test('an error rate makes about that share of calls fail (retries hide most of them)', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const { gw, systemId } = setup(['ok'], { random });
    gw.configure(systemId, { retries: 0, breaker: { failureThreshold: 1000 } });
    gw.faults.set(systemId, { errorRate: 0.3 });
    let failed = 0;
    for (let i = 0; i < 200; i++) await gw.send(systemId, 'query', {}, META).catch(() => failed++);
    assert.ok(failed > 35 && failed < 85, `failed ${failed}/200`);
    gw.configure(systemId, { retries: 2 });
    failed = 0;
    for (let i = 0; i < 200; i++) await gw.send(systemId, 'query', {}, META).catch(() => failed++);
    assert.ok(failed < 15, `with retries failed ${failed}/200`); // ≈ 0.3³ = 2.7 %
  });

  test('GATEWAY_FAULTS and GATEWAY_CONFIG come from the environment; invalid values fail at start-up', async () => {
    assert.deepEqual(parseFaultsEnv('{"persons":{"latencyMs":50,"errorRate":0.1},"*":{"jitterMs":5}}'), {
      persons: { latencyMs: 50, errorRate: 0.1 },
      '*': { jitterMs: 5 },
    });
    assert.deepEqual(parseFaultsEnv(''), {});
    assert.throws(() => parseFaultsEnv('{persons'), /not valid JSON/);
    assert.throws(() => parseFaultsEnv('{"persons":{"errorRate":2}}'), /GATEWAY_FAULTS is invalid/);
    assert.throws(() => parseFaultsEnv('{"persons":{"eror":0.1}}'), /GATEWAY_FAULTS is invalid/);
    assert.deepEqual(parseConfigEnv('{"persons":{"timeoutMs":500,"breaker":{"cooldownMs":100}}}'), { persons: { timeoutMs: 500, breaker: { cooldownMs: 100 } } });
    assert.throws(() => parseConfigEnv('{"persons":{"retries":-1}}'), /GATEWAY_CONFIG is invalid/);

    const gw = createStateGateway(db, {}, { GATEWAY_FAULTS: '{"persons":{"errorRate":1},"*":{"latencyMs":1}}', GATEWAY_CONFIG: '{"persons":{"retries":0}}' });
    assert.deepEqual(gw.faults.get('persons'), { errorRate: 1 });
    assert.deepEqual(gw.faults.get('notary'), { latencyMs: 1 });
    assert.equal(gw.configOf('persons').retries, 0);
    assert.equal(gw.configOf('notary').retries, 2);
    await assert.rejects(gw.send('persons', 'getPerson', { iin: '880515300120' }, META), (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR'));
    const h = gw.health().find((x) => x.systemId === 'persons');
    assert.equal(h?.circuit.state, 'closed');
    assert.equal(h?.circuit.consecutiveFailures, 1);
    await gw.close();
  });

  test('meta.sender and meta.purpose are required; unknown systems and services are programming errors', async () => {
    const { gw, systemId } = setup(['ok']);
    await assert.rejects(gw.send(systemId, 'query', {}, { sender: '', purpose: 'x' }), TypeError);
    await assert.rejects(gw.send(systemId, 'query', {}, { sender: 'x', purpose: '' }), TypeError);
    await assert.rejects(gw.send('nope', 'query', {}, META), /no connector/);
    await assert.rejects(gw.send(systemId, 'nope', {}, META), /no service/);
  });

  test('HTTP: unavailability is a 503 with Retry-After and a kk/ru/en message that says the request can be retried', async () => {
    const { gw, systemId } = setup(['error']);
    gw.configure(systemId, { retries: 0, breaker: { failureThreshold: 1 } });
    await assert.rejects(gw.send(systemId, 'query', {}, META));
    const app = Fastify();
    installErrorHandling(app);
    app.get('/x', async () => gw.send(systemId, 'query', {}, META));
    app.get('/nodata', async () => {
      const s = setup(['not_found']);
      return requireData(await s.gw.send(s.systemId, 'query', {}, META));
    });
    const res = await app.inject({ method: 'GET', url: '/x' });
    assert.equal(res.statusCode, 503);
    assert.ok(res.headers['retry-after']);
    const body = res.json();
    assert.equal(body.code, 'GATEWAY_UNAVAILABLE');
    assert.match(body.message.en, /^Test: .*temporarily unavailable.*retried/, 'names the state system');
    assert.match(body.message.ru, /недоступна.*повторить/);
    assert.match(body.message.kk, /қолжетімсіз.*қайталауға/);
    assert.equal(body.details.systemId, systemId);
    assert.ok(isUuid(body.details.correlationId));
    assert.ok(!JSON.stringify(body).includes('ECONNRESET'), 'the connector error text stays internal');
    const nd = await app.inject({ method: 'GET', url: '/nodata' });
    assert.equal(nd.statusCode, 422);
    assert.equal(nd.json().code, 'GATEWAY_NO_DATA');
    assert.equal(nd.json().details.reason, 'NO_SUCH_THING');
    await app.close();
  });
});

describe(`gateway + simulated systems (${engine})`, () => {
  let gw: Gateway;
  beforeEach(() => {
    gw = createStateGateway(db, { config: { '*': { timeoutMs: 2000 } } }, {});
  });

  test('a simulated system rejects a malformed request (GATEWAY_REJECTED) and answers "not found" for an unknown IIN', async () => {
    await assert.rejects(gw.send('persons', 'getPerson', { iin: '12345' }, META), (e: unknown) => isGatewayError(e, 'GATEWAY_REJECTED'));
    const r = await gw.send('persons', 'getPerson', { iin: '000000000000' }, META);
    assert.equal(r.status, 'not_found');
    if (r.status === 'not_found') {
      assert.equal(r.reason, 'NO_SUCH_PERSON');
      assert.match(r.message.ru, /нет сведений/);
    }
    await gw.close();
  });

  test('inside a transaction, passing it as meta.tx lets the simulated systems answer (no deadlock on PGlite)', async () => {
    const r = await db.tx(async (tx) => gw.send('persons', 'getPerson', { iin: '000000000000' }, { ...META, tx }));
    assert.equal(r.status, 'not_found');
    await gw.close();
  });
});
