/**
 * The gateway's asynchronous variant: sendMessage queues a REQUEST with its delivery job in
 * the caller's transaction; the job sends it through the synchronous path and files a
 * RESPONSE in the sender's inbox; getMessages / sendDeliveryNotification / getMessageStatus;
 * unavailability is retried later with backoff, and the last failure becomes a NOTIFICATION.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../src/context.ts';
import { migrate } from '../src/db/migrate.ts';
import { DELIVERY, deliverMessage, deliveryBackoffMs, getMessageStatus, getMessages, getResponse, sendDeliveryNotification, sendMessage } from '../src/gateway/async.ts';
import { createGateway } from '../src/gateway/gateway.ts';
import type { Connector, ConnectorReply } from '../src/gateway/types.ts';
import { JOB_HANDLERS } from '../src/jobs/handlers.ts';
import { runDueJobs } from '../src/jobs/worker.ts';
import { isUuid } from '../src/lib/uuid7.ts';
import { engine, openTestDb } from './helpers/context.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
before(async () => {
  db = await openTestDb();
  await migrate(db);
});
after(async () => db.drop());

type Behaviour = 'ok' | 'not_found' | 'rejected' | 'error' | 'slow';
let uniq = 0;
/** A gateway with one scripted connector (each call takes the next behaviour; the last repeats). */
function setup(script: Behaviour[]) {
  const systemId = `async-${engine}-${++uniq}`;
  let i = 0;
  const connector: Connector = {
    systemId,
    title: { kk: 'Тест', ru: 'Тест', en: 'Test' },
    services: { query: { idempotent: true, subject: (d) => (d as { iin?: string })?.iin ?? null }, write: { idempotent: false } },
    async call(req): Promise<ConnectorReply> {
      const b = script[Math.min(i++, script.length - 1)];
      if (b === 'slow') {
        await new Promise((r) => setTimeout(r, 400));
        return { status: 'OK', data: { slow: true } };
      }
      if (b === 'ok') return { status: 'OK', data: { echo: req.requestData.data, correlationId: req.requestInfo.correlationId } };
      if (b === 'not_found') return { status: 'NOT_FOUND', reason: 'NO_SUCH_PERSON', message: { kk: 'жоқ', ru: 'нет', en: 'none' } };
      if (b === 'rejected') return { status: 'REJECTED', reason: 'bad iin' };
      throw new Error('ECONNRESET');
    },
  };
  const gw = createGateway({
    db,
    connectors: [connector],
    config: { [systemId]: { retries: 0, timeoutMs: 500, breaker: { failureThreshold: 100 } } },
    sleep: async () => {},
  });
  return { gw, systemId, calls: () => i };
}

const sender = () => `qyzmet-provider-${engine}-${++uniq}`;
const META = { purpose: 'request to another body', actorId: 'user-7', consentId: 'consent-1', subjectIin: '880515300120' };

async function jobsFor(messageId: string) {
  return (
    await db.query<{ id: number; done_at: Date | null; run_at: Date; seconds: number }>(
      `SELECT id, done_at, run_at, extract(epoch FROM run_at - now())::float8 AS seconds FROM jobs WHERE kind = 'gateway.deliver' AND payload->>'messageId' = $1 ORDER BY id`,
      [messageId],
    )
  ).rows;
}

describe(`asynchronous gateway (${engine})`, () => {
  test('a request is queued with its job in the caller’s transaction: rolled back with it, kept when it commits', async () => {
    const { gw, systemId } = setup(['ok']);
    const from = sender();
    let lost = '';
    await assert.rejects(
      db.tx(async (q) => {
        lost = (await sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META })).messageId;
        throw new Error('the caller fails');
      }),
      /the caller fails/,
    );
    assert.equal(await getMessageStatus(db, lost), null);
    assert.equal((await jobsFor(lost)).length, 0, 'no job for a rolled-back request');

    const sent = await db.tx((q) => sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META, correlationId: 'application-42' }));
    assert.ok(isUuid(sent.messageId));
    assert.equal(sent.correlationId, 'application-42');
    const st = await getMessageStatus(db, sent.messageId);
    assert.equal(st?.status, 'queued');
    assert.equal(st?.attempts, 0);
    assert.equal(st?.responseMessageId, null);
    assert.equal((await jobsFor(sent.messageId)).length, 1);
    assert.deepEqual(await getMessages(db, from), [], 'nothing in the inbox before delivery');
  });

  test('the job worker sends it; the answer waits in the sender’s inbox until acknowledged', async () => {
    const { gw, systemId, calls } = setup(['ok']);
    const from = sender();
    const { messageId } = await db.tx((q) => sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META, correlationId: 'application-43' }));
    const ctx = { db, gateway: gw } as unknown as AppContext;
    while ((await runDueJobs(ctx, JOB_HANDLERS)) > 0);
    assert.equal(calls(), 1);

    const st = await getMessageStatus(db, messageId);
    assert.equal(st?.status, 'answered');
    assert.equal(st?.responseCode, 'OK');
    assert.equal(st?.attempts, 1);
    const inbox = await getMessages(db, from);
    assert.equal(inbox.length, 1);
    const m = inbox[0]!;
    assert.equal(m.messageInfo.messageType, 'RESPONSE');
    assert.equal(m.messageInfo.inReplyTo, messageId);
    assert.equal(m.messageInfo.correlationId, 'application-43');
    assert.equal(m.messageInfo.messageId, st?.responseMessageId);
    assert.equal(m.messageInfo.sender.senderId, systemId, 'the answer comes from the state system');
    assert.equal(m.status.code, 'OK');
    assert.deepEqual(m.messageData.data, { echo: { iin: '880515300120' }, correlationId: 'application-43' });
    assert.deepEqual(await getMessages(db, sender()), [], 'another subsystem’s inbox does not see it');

    // The call went through the synchronous path, so it is in the call log with its purpose and consent.
    await gw.flush();
    const log = (await db.query<{ purpose: string; consent_id: string; subject_iin: string; status: string }>('SELECT purpose, consent_id, subject_iin, status FROM gateway_calls WHERE correlation_id = $1', ['application-43'])).rows;
    assert.deepEqual(log, [{ purpose: META.purpose, consent_id: 'consent-1', subject_iin: '880515300120', status: 'ok' }]);

    assert.equal(await sendDeliveryNotification(db, 'someone-else', m.messageInfo.messageId), false, 'only the addressee acknowledges');
    assert.equal(await sendDeliveryNotification(db, from, m.messageInfo.messageId), true);
    assert.equal(await sendDeliveryNotification(db, from, m.messageInfo.messageId), false, 'acknowledged once');
    assert.deepEqual(await getMessages(db, from), []);
    assert.equal((await getResponse(db, messageId))?.messageInfo.messageId, m.messageInfo.messageId, 'the answer stays readable');
    assert.equal(await deliverMessage(gw, db, messageId), 'skipped', 'an answered request is not sent again');
    assert.equal(calls(), 1);
  });

  test('"not found" and "rejected" are answers: RESPONSE with that code, sent once', async () => {
    for (const [b, code] of [
      ['not_found', 'NOT_FOUND'],
      ['rejected', 'REJECTED'],
    ] as const) {
      const { gw, systemId, calls } = setup([b]);
      const from = sender();
      const { messageId } = await db.tx((q) => sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META }));
      assert.equal(await deliverMessage(gw, db, messageId), 'answered');
      assert.equal(calls(), 1);
      const [m] = await getMessages(db, from);
      assert.equal(m?.status.code, code);
      assert.equal(m?.messageData.data, null);
      if (code === 'NOT_FOUND') {
        assert.equal(m?.status.reason, 'NO_SUCH_PERSON');
        assert.deepEqual(m?.status.message, { kk: 'жоқ', ru: 'нет', en: 'none' });
      } else assert.ok(m?.status.message?.kk && m.status.message.ru && m.status.message.en);
      assert.equal((await getMessageStatus(db, messageId))?.responseCode, code);
    }
  });

  test('while the system is down the request waits and is tried again later with growing backoff; the last failure is a NOTIFICATION', async () => {
    const { gw, systemId, calls } = setup(['error']);
    const from = sender();
    const { messageId } = await db.tx((q) => sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META }));
    for (let n = 1; n < DELIVERY.maxAttempts; n++) {
      assert.equal(await deliverMessage(gw, db, messageId), 'retry');
      const st = await getMessageStatus(db, messageId);
      assert.equal(st?.status, 'queued');
      assert.equal(st?.attempts, n);
      assert.match(st?.lastError ?? '', /^GATEWAY_ERROR/);
      const next = (await jobsFor(messageId)).at(-1)!;
      assert.equal(next.done_at, null);
      const want = deliveryBackoffMs(n) / 1000;
      assert.ok(Math.abs(next.seconds - want) < 5, `attempt ${n + 1} scheduled in ~${want} s, got ${next.seconds}`);
      assert.deepEqual(await getMessages(db, from), [], 'no answer yet');
    }
    assert.equal(await deliverMessage(gw, db, messageId), 'failed');
    assert.equal(calls(), DELIVERY.maxAttempts);
    const st = await getMessageStatus(db, messageId);
    assert.equal(st?.status, 'failed');
    assert.equal(st?.responseCode, 'FAILED');
    const [m] = await getMessages(db, from);
    assert.equal(m?.messageInfo.messageType, 'NOTIFICATION');
    assert.equal(m?.messageInfo.inReplyTo, messageId);
    assert.equal(m?.status.code, 'FAILED');
    assert.match(m?.status.message?.en ?? '', /unavailable|could not/);
    assert.equal(await deliverMessage(gw, db, messageId), 'skipped');
  });

  test('a write that may have reached the system is never sent twice: one failed attempt ends it', async () => {
    const { gw, systemId, calls } = setup(['error', 'ok']);
    const from = sender();
    const { messageId } = await db.tx((q) => sendMessage(gw, q, systemId, 'write' as never, { act: 1 } as never, { sender: from, purpose: 'register an act', legalBasis: 'test' }));
    assert.equal(await deliverMessage(gw, db, messageId), 'failed');
    assert.equal(calls(), 1);
    assert.equal(await deliverMessage(gw, db, messageId), 'skipped');
    assert.equal(calls(), 1, 'not sent again');
    const [m] = await getMessages(db, from);
    assert.equal(m?.messageInfo.messageType, 'NOTIFICATION');
    assert.equal(m?.status.code, 'FAILED');
  });

  test('no transaction or lock is held while the state system answers: other queries go on meanwhile', async () => {
    const { gw, systemId } = setup(['slow']);
    const from = sender();
    const { messageId } = await db.tx((q) => sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META, legalBasis: 'test' }));
    const delivering = deliverMessage(gw, db, messageId);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await db.query('SELECT 1');
    // While it is out, the request is claimed: a second worker skips it.
    assert.equal(await deliverMessage(gw, db, messageId), 'skipped');
    assert.ok(performance.now() - t0 < 300, `a query waited ${Math.round(performance.now() - t0)} ms for the delivery`);
    assert.equal(await delivering, 'answered');
  });

  test('backoff grows ×4 from 5 s, is capped at 15 min and never shorter than the circuit’s retry-after', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => deliveryBackoffMs(n)), [5_000, 20_000, 80_000, 320_000, 900_000]);
    assert.equal(deliveryBackoffMs(1, 30_000), 30_000);
  });

  test('two workers on the same request: one sends it, the other skips', async () => {
    const { gw, systemId, calls } = setup(['ok']);
    const from = sender();
    const { messageId } = await db.tx((q) => sendMessage(gw, q, systemId, 'query', { iin: '880515300120' }, { sender: from, ...META }));
    const outcomes = await Promise.all([deliverMessage(gw, db, messageId), deliverMessage(gw, db, messageId)]);
    assert.deepEqual(outcomes.sort(), ['answered', 'skipped']);
    assert.equal(calls(), 1);
    assert.equal((await getMessages(db, from)).length, 1);
  });

  test('unknown systems and services, a missing sender or purpose are programming errors (nothing queued)', async () => {
    const { gw, systemId } = setup(['ok']);
    const before = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM gateway_messages')).rows[0]?.n);
    await assert.rejects(sendMessage(gw, db, 'nope', 'query', {}, { sender: 's', purpose: 'p' }), /no connector/);
    await assert.rejects(sendMessage(gw, db, systemId, 'nope' as never, {}, { sender: 's', purpose: 'p' }), /no service/);
    await assert.rejects(sendMessage(gw, db, systemId, 'query', {}, { sender: '', purpose: 'p' }), /sender/);
    await assert.rejects(sendMessage(gw, db, systemId, 'query', {}, { sender: 's', purpose: '' }), /purpose/);
    const after = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM gateway_messages')).rows[0]?.n);
    assert.equal(after, before);
  });
});
