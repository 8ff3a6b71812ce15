/**
 * The state duty: MCI per year, tenge to the tiyn, the rates and exemptions of the definitions,
 * and GET /api/v1/services/{code}/fee (bad input: 4xx with a code, never a guess).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../src/errors/errors.ts';
import { MCI, mciOn, tenge } from '../src/fees/mci.ts';
import { conditionFields, quoteFee, typedFact } from '../src/fees/quote.ts';
import { buildApp } from '../src/http/app.ts';
import { loadDefinitions } from '../src/registry/loader.ts';
import { Registry } from '../src/registry/registry.ts';
import type { ServiceDefinition } from '../src/registry/types.ts';
import { engine, makeTestContext } from './helpers/context.ts';

const registry = new Registry(loadDefinitions());
const def = (code: string, on = '2025-06-01') => registry.inForce(code, new Date(`${on}T12:00:00+05:00`)) as ServiceDefinition;
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return e.code;
  }
  assert.fail('expected an AppError');
};

describe('MCI and tenge (pure)', () => {
  test('the MCI in force is the year’s (kz-facts §4), from 1 January to 31 December; other years are refused, not guessed', () => {
    assert.deepEqual(
      MCI.map((m) => [m.year, m.value]),
      [
        [2024, 3692],
        [2025, 3932],
        [2026, 4325],
      ],
    );
    assert.equal(mciOn('2025-12-31').value, 3932);
    assert.equal(mciOn('2026-01-01').value, 4325);
    assert.equal(code(() => mciOn('2023-12-31')), 'FEE_DATE_OUT_OF_RANGE');
    assert.equal(code(() => mciOn('2027-01-01')), 'FEE_DATE_OUT_OF_RANGE');
  });

  test('tenge to the tiyn, half up, without binary fractions', () => {
    assert.equal(tenge(1, 4325), 4325);
    assert.equal(tenge(0.3, 4325), 1297.5);
    assert.equal(tenge(0.3, 3932), 1179.6);
    assert.equal(tenge(0.1, 3692), 369.2);
    assert.equal(tenge(0.5, 3932), 1966);
    assert.equal(tenge(2, 3932), 7864);
    assert.equal(tenge(0, 4325), 0);
    // 0.1 + 0.2 in floating point is 0.30000000000000004: the rate is summed in ten-thousandths.
    assert.equal(tenge(0.1 + 0.2, 4325), 1297.5);
  });

  test('form facts from a query string take the field’s type', () => {
    assert.equal(typedFact({ name: 'x', type: 'boolean', required: false, label: { kk: '', ru: '', en: '' } }, 'true'), true);
    assert.equal(typedFact({ name: 'x', type: 'boolean', required: false, label: { kk: '', ru: '', en: '' } }, 'false'), false);
    assert.equal(typedFact({ name: 'x', type: 'integer', required: false, label: { kk: '', ru: '', en: '' } }, '5'), 5);
    assert.equal(typedFact({ name: 'x', type: 'integer', required: false, label: { kk: '', ru: '', en: '' } }, 'five'), 'five');
    assert.equal(typedFact({ name: 'x', type: 'enum', required: false, label: { kk: '', ru: '', en: '' } }, '5'), '5');
    assert.deepEqual([...conditionFields({ all: [{ field: 'a', op: 'eq', value: 1 }, { any: [{ not: { field: 'b', op: 'present' } }, { field: 'a', op: 'absent' }] }] })].sort(), ['a', 'b']);
  });
});

describe('quotes from the definitions (pure)', () => {
  test('repeat certificate: 1 MCI, a reference 0.3 MCI, from a CIS state 0.5 MCI, each at the MCI of the date', () => {
    const d = def('civil-repeat-certificate');
    const cert = quoteFee(d, { date: '2025-06-01', values: { documentKind: 'repeat-certificate', requestFrom: 'kazakhstan' } });
    assert.deepEqual([cert.rateMci, cert.mci, cert.amountKzt], [1, 3932, 3932]);
    assert.deepEqual(cert.items.map((i) => i.id), ['repeat-certificate']);
    assert.match(cert.basis.ru, /1 МРП/);
    const ref = quoteFee(d, { date: '2025-06-01', values: { documentKind: 'reference', requestFrom: 'kazakhstan' } });
    assert.deepEqual([ref.rateMci, ref.amountKzt], [0.3, 1179.6]);
    const cis = quoteFee(d, { date: '2025-06-01', values: { documentKind: 'repeat-certificate', requestFrom: 'cis' } });
    assert.deepEqual([cis.rateMci, cis.amountKzt], [0.5, 1966]);
  });

  test('an exemption the law grants for this act frees its item, and says so; for another act it is refused', () => {
    const d = def('civil-repeat-certificate');
    const facts = { documentKind: 'repeat-certificate', requestFrom: 'kazakhstan' };
    const birth = quoteFee(d, { date: '2025-06-01', exemption: 'privileged-categories', values: { ...facts, actType: 'birth' } });
    assert.deepEqual([birth.rateMci, birth.amountKzt], [0, 0]);
    assert.equal(birth.items[0]?.exemptedBy, 'privileged-categories');
    assert.match(birth.basis.en, /Exempted: WWII participants/);
    // The privileged categories are exempted for birth certificates only.
    assert.equal(code(() => quoteFee(d, { date: '2025-06-01', exemption: 'privileged-categories', values: { ...facts, actType: 'marriage' } })), 'FEE_EXEMPTION_NOT_APPLICABLE');
    assert.equal(code(() => quoteFee(d, { date: '2025-06-01', exemption: 'no-such-thing', values: facts })), 'FEE_EXEMPTION_UNKNOWN');
  });

  test('a rate that depends on facts not given is not guessed: the fields are named', () => {
    const d = def('civil-repeat-certificate');
    try {
      quoteFee(d, { date: '2025-06-01', values: { documentKind: 'reference' } });
      assert.fail('expected FEE_FACTS_REQUIRED');
    } catch (e) {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'FEE_FACTS_REQUIRED');
      const fields = (e.opts.details as { fields: Array<{ name: string; values: string[] | null }> }).fields;
      assert.deepEqual(fields.map((f) => f.name), ['requestFrom']);
      assert.ok(fields[0]?.values?.includes('cis'), 'with the values the field takes');
    }
  });

  test('divorce by mutual consent 2 MCI; on a court decision against a spouse sentenced to 3+ years 0.1 MCI', () => {
    const d = def('divorce-registration');
    const mutual = d.fees.items.find((i) => i.id === 'mutual-consent')!;
    assert.equal(mutual.mci, 2);
    const special = d.fees.items.find((i) => i.id === 'court-decision-special')!;
    assert.equal(special.mci, 0.1);
  });

  test('a free service costs nothing, on any date with an MCI', () => {
    const q = quoteFee(def('archival-reference'), { date: '2026-03-10' });
    assert.deepEqual([q.amountKzt, q.rateMci, q.mci], [0, 0, 4325]);
    assert.match(q.basis.en, /free/);
  });
});

describe(`GET /services/{code}/fee (${engine})`, () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  before(async () => {
    ctx = await makeTestContext();
    app = await buildApp(ctx);
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  test('the amount, the MCI of the date, the rate and the basis', async () => {
    const r = await app.inject({ url: '/api/v1/services/civil-repeat-certificate/fee?date=2025-06-01&documentKind=reference&requestFrom=kazakhstan' });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.deepEqual([b.amountKzt, b.mci, b.rateMci], [1179.6, 3932, 0.3]);
    assert.ok(b.basis.kk && b.basis.ru && b.basis.en);
    const free = await app.inject({ url: '/api/v1/services/guardianship-reference/fee?date=2026-02-02' });
    assert.equal(free.statusCode, 200, free.body);
    assert.equal(free.json().amountKzt, 0);
  });

  test('bad input: 4xx with a code and kk/ru/en text', async () => {
    const cases: Array<[string, number, string]> = [
      ['/api/v1/services/civil-repeat-certificate/fee?date=2020-01-01&documentKind=reference&requestFrom=kazakhstan', 400, 'FEE_DATE_OUT_OF_RANGE'],
      ['/api/v1/services/civil-repeat-certificate/fee?date=2025-02-30', 422, 'INVALID_DATE'],
      ['/api/v1/services/civil-repeat-certificate/fee?date=tomorrow', 422, 'INVALID_DATE'],
      ['/api/v1/services/civil-repeat-certificate/fee?date=2025-06-01&documentKind=reference', 400, 'FEE_FACTS_REQUIRED'],
      ['/api/v1/services/civil-repeat-certificate/fee?date=2025-06-01&documentKind=reference&requestFrom=kazakhstan&exemption=bogus', 400, 'FEE_EXEMPTION_UNKNOWN'],
      ['/api/v1/services/civil-repeat-certificate/fee?date=2025-06-01&colour=red', 422, 'VALIDATION_FAILED'],
      ['/api/v1/services/no-such-service/fee?date=2025-06-01', 404, 'UNKNOWN_SERVICE'],
    ];
    for (const [url, status, c] of cases) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, status, `${url}: ${r.body}`);
      assert.equal(r.json().code, c, url);
      assert.ok(r.json().message?.kk && r.json().message?.ru && r.json().message?.en, `${url}: kk/ru/en`);
    }
  });
});
