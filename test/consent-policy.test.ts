/**
 * Who may read whose data (src/consent/policy.ts) and how the gateway enforces it: a consent of
 * the subject in force and covering the system, a close relative just confirmed, or a law —
 * otherwise CONSENT_REQUIRED (403) before anything is sent, and the refusal is logged.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consentPolicy } from '../src/consent/policy.ts';
import { migrate } from '../src/db/migrate.ts';
import { isGatewayError } from '../src/gateway/errors.ts';
import { createGateway } from '../src/gateway/gateway.ts';
import type { Connector, SendMeta } from '../src/gateway/types.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { engine, openTestDb } from './helpers/context.ts';

let db: Awaited<ReturnType<typeof openTestDb>>;
before(async () => {
  db = await openTestDb();
  await migrate(db);
});
after(async () => db.drop());

const APPLICANT = '880515300120';
const CHILD = '180227690084';
const OTHER = '641005390117';

async function storeConsent(o: { subject?: string; systems?: string[]; granted?: boolean; revoked?: boolean; expiresInDays?: number; requester?: string }) {
  const id = uuid7();
  await db.query(
    `INSERT INTO consents (id, subject_iin, requester_id, requester_role, purpose, systems, method, granted_at, expires_at, revoked_at)
     VALUES ($1, $2, $3, 'centre-operator', 'test', $4, 'sms', $5, now() + make_interval(days => $6), $7)`,
    [id, o.subject ?? APPLICANT, o.requester ?? null, o.systems ?? ['persons'], o.granted === false ? null : new Date(), o.expiresInDays ?? 30, o.revoked ? new Date() : null],
  );
  return id;
}

const decide = (subjectIin: string, meta: Partial<SendMeta>) => consentPolicy({ systemId: 'persons', serviceId: 'getPerson', subjectIin, meta: { sender: 's', purpose: 'p', ...meta }, q: db });

describe(`consent policy (${engine})`, () => {
  test('a consent given just now (a signed application): the subject’s own, for the systems it names', async () => {
    const grant = { id: uuid7(), subjectIin: APPLICANT, systems: ['persons', 'civil-registry'] };
    assert.equal(await decide(APPLICANT, { grant }), null);
    assert.equal(await decide(OTHER, { grant }), 'CONSENT_OF_ANOTHER_PERSON');
    assert.equal(await decide(APPLICANT, { grant: { ...grant, systems: ['civil-registry'] } }), 'CONSENT_OUT_OF_SCOPE');
    // A child the civil registry has just confirmed needs no consent of its own; a stranger named as one does.
    assert.equal(await decide(CHILD, { grant, relative: { iin: CHILD, relation: 'child' } }), null);
    assert.equal(await decide(OTHER, { grant, relative: { iin: CHILD, relation: 'child' } }), 'CONSENT_OF_ANOTHER_PERSON');
  });

  test('a signed application’s stored consent serves that application only, and a closed one none', async () => {
    const app = uuid7();
    const id = uuid7();
    await db.query(
      `INSERT INTO consents (id, subject_iin, requester_role, purpose, systems, method, granted_at, expires_at, application_id)
       VALUES ($1, $2, 'citizen', 'address-reference', '{persons}', 'signed-application', now(), now() + interval '30 days', $3)`,
      [id, APPLICANT, app],
    );
    assert.equal(await decide(APPLICANT, { consentId: id, correlationId: app }), null, 'the application it was given for');
    assert.equal(await decide(APPLICANT, { consentId: id, correlationId: uuid7() }), 'CONSENT_OUT_OF_SCOPE', 'any other request');
    assert.equal(await decide(APPLICANT, { consentId: id }), 'CONSENT_OUT_OF_SCOPE');
    const closed = uuid7();
    await db.query(
      `INSERT INTO consents (id, subject_iin, requester_role, purpose, systems, method, granted_at, expires_at, closed_at)
       VALUES ($1, $2, 'citizen', 'address-reference', '{persons}', 'signed-application', now(), now(), now())`,
      [closed, APPLICANT],
    );
    assert.equal(await decide(APPLICANT, { consentId: closed }), 'CONSENT_NOT_IN_FORCE');
  });

  test('a stored consent counts only while granted, unrevoked and unexpired', async () => {
    assert.equal(await decide(APPLICANT, { consentId: await storeConsent({}) }), null);
    assert.equal(await decide(APPLICANT, { consentId: await storeConsent({ granted: false }) }), 'CONSENT_NOT_IN_FORCE', 'asked, code not confirmed yet');
    assert.equal(await decide(APPLICANT, { consentId: await storeConsent({ revoked: true }) }), 'CONSENT_NOT_IN_FORCE');
    assert.equal(await decide(APPLICANT, { consentId: await storeConsent({ expiresInDays: -1 }) }), 'CONSENT_NOT_IN_FORCE');
    assert.equal(await decide(APPLICANT, { consentId: await storeConsent({ systems: ['notary'] }) }), 'CONSENT_OUT_OF_SCOPE');
    assert.equal(await decide(APPLICANT, { consentId: await storeConsent({ subject: OTHER }) }), 'CONSENT_OF_ANOTHER_PERSON');
    assert.equal(await decide(APPLICANT, { consentId: uuid7() }), 'NO_CONSENT', 'an id that names no consent');
    // Given to the operator who asked: another employee cannot borrow it.
    const asker = (await db.query<{ id: string }>(`INSERT INTO users (id, iin, surname, given_name, roles, password_hash) VALUES ($1, '950702403311', 'Сейітқали', 'Дана', '{centre-operator}', 'x') RETURNING id`, [uuid7()])).rows[0]!.id;
    const given = await storeConsent({ requester: asker });
    assert.equal(await decide(APPLICANT, { consentId: given, actorId: asker }), null);
    assert.equal(await decide(APPLICANT, { consentId: given, actorId: uuid7() }), 'CONSENT_GIVEN_TO_ANOTHER');
    assert.equal(await decide(APPLICANT, { consentId: given }), 'CONSENT_GIVEN_TO_ANOTHER', 'nor anyone who does not say who they are');
    assert.equal(await decide(APPLICANT, { consentId: "x' OR 1=1 --" }), 'NO_CONSENT');
    assert.equal(await decide(APPLICANT, {}), 'NO_CONSENT');
  });

  test('a law named as the basis needs no consent', async () => {
    assert.equal(await decide(APPLICANT, { legalBasis: 'Law No. 94-V, art. 9 (court request)' }), null);
  });

  test('the gateway refuses a read without a basis before sending it (403 CONSENT_REQUIRED, logged); reads with one go out', async () => {
    let calls = 0;
    const systemId = 'persons';
    const connector: Connector = {
      systemId,
      title: { kk: 'Т', ru: 'Т', en: 'T' },
      services: { getPerson: { idempotent: true, subject: (d) => (d as { iin: string }).iin }, ping: { idempotent: true } },
      async call(req) {
        calls++;
        return { status: 'OK', data: { iin: (req.requestData.data as { iin?: string }).iin ?? null } };
      },
    };
    const gw = createGateway({ db, connectors: [connector], access: consentPolicy, sleep: async () => {} });
    const correlationId = `policy-${engine}-${Date.now()}`;
    const meta = { sender: 'qyzmet-test', purpose: 'policy test', correlationId };

    await assert.rejects(gw.send(systemId, 'getPerson' as never, { iin: OTHER } as never, { ...meta, consentId: await storeConsent({}) }), (e) => {
      assert.ok(isGatewayError(e, 'CONSENT_REQUIRED'));
      assert.equal(e.status, 403);
      const wire = e.toJSON() as { code: string; message: { kk: string; ru: string; en: string }; details: { reason: string } };
      assert.equal(wire.code, 'CONSENT_REQUIRED');
      assert.equal(wire.details.reason, 'CONSENT_OF_ANOTHER_PERSON');
      assert.ok(wire.message.kk && wire.message.ru && wire.message.en);
      return true;
    });
    assert.equal(calls, 0, 'nothing was sent');
    // The subject is what the request names, whatever the caller says: no pointing the check elsewhere.
    const mine = await storeConsent({});
    for (const subjectIin of [`${OTHER} `, APPLICANT]) {
      await assert.rejects(gw.send(systemId, 'getPerson' as never, { iin: OTHER } as never, { ...meta, consentId: mine, subjectIin }), (e) => isGatewayError(e, 'CONSENT_REQUIRED'));
    }
    // A request that names nobody valid is not sent on trust either.
    await assert.rejects(gw.send(systemId, 'getPerson' as never, { iin: 'x' } as never, { ...meta, consentId: mine }), (e) => isGatewayError(e, 'CONSENT_REQUIRED'));
    assert.equal(calls, 0);
    await gw.flush();
    const log = (await db.query<{ status: string; error_code: string; subject_iin: string }>('SELECT status, error_code, subject_iin FROM gateway_calls WHERE correlation_id = $1 ORDER BY message_id', [correlationId])).rows;
    assert.deepEqual(log[0], { status: 'rejected', error_code: 'CONSENT_REQUIRED', subject_iin: OTHER });
    assert.ok(log.every((r) => r.status === 'rejected'));

    const ok = await gw.send(systemId, 'getPerson' as never, { iin: APPLICANT } as never, { ...meta, consentId: await storeConsent({}) });
    assert.equal(ok.status, 'ok');
    assert.equal(calls, 1);
    // A service that reads nobody's personal data needs no consent.
    assert.equal((await gw.send(systemId, 'ping' as never, {} as never, meta)).status, 'ok');
  });
});
