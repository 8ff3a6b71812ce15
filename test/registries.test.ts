/**
 * The simulated state systems and the synthetic population: valid and unique IINs/BINs,
 * determinism for a seed, consistent families, the electronic-registry cut-offs, the demo
 * people's checks (child / spouse / stranger / marriage before 2008 / divorced / birth record
 * before 13 Aug 2007), the services of every system, idempotent seeding.
 * A small population (300 persons) keeps it fast. PGlite, and PostgreSQL with TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_ACCOUNTS } from '../src/demo/demo.ts';
import { isGatewayError } from '../src/gateway/errors.ts';
import type { Gateway } from '../src/gateway/gateway.ts';
import { validateBin, validateIin } from '../src/ids/iin.ts';
import { REGION_CODES } from '../src/regions.ts';
import { isElectronicRecord } from '../src/registries/civil-registry/index.ts';
import { createStateGateway, seedPopulation } from '../src/registries/index.ts';
import { DEMO_RELATIVES } from '../src/registries/seed/demo-families.ts';
import { generatePopulation, isoOf } from '../src/registries/seed/index.ts';
import { engine, openTestDb } from './helpers/context.ts';

const PERSONS = Number(process.env.REGISTRIES_TEST_PERSONS ?? 300); // a bigger run: REGISTRIES_TEST_PERSONS=20000
const SEED = 7;
const NURLAN = '880515300120';
const AIGERIM = DEMO_ACCOUNTS[1]!.iin;
const META = { sender: 'qyzmet-test', purpose: 'registries-test' };

let db: Awaited<ReturnType<typeof openTestDb>>;
let gw: Gateway;
before(async () => {
  db = await openTestDb();
  await migrate(db);
  const r = await seedPopulation(db, { persons: PERSONS, seed: SEED });
  assert.equal(r.seeded, true);
  gw = createStateGateway(db, {}, {});
});
after(async () => {
  await gw?.close();
  await db.drop();
});

const q = async <T = Record<string, unknown>>(sql: string, p: unknown[] = []) => (await db.query<T>(sql, p)).rows;
const one = async <T = Record<string, unknown>>(sql: string, p: unknown[] = []) => (await q<T>(sql, p))[0] as T;
const count = async (sql: string, p: unknown[] = []) => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, p)).n;

const rel = async (applicantIin: string, subjectIin: string) => {
  const r = await gw.send('civil-registry', 'checkRelationship', { applicantIin, subjectIin }, META);
  assert.equal(r.status, 'ok');
  return r.status === 'ok' ? r.data : (null as never);
};

describe(`synthetic population (${engine})`, () => {
  test('exactly the requested number of persons; every IIN valid, unique, consistent with birth date and sex', async () => {
    const rows = await q<{ iin: string; birth_date: string; sex: string }>('SELECT iin, birth_date, sex FROM gbdfl_persons');
    assert.equal(rows.length, PERSONS);
    assert.equal(new Set(rows.map((r) => r.iin)).size, PERSONS);
    for (const r of rows) {
      const v = validateIin(r.iin);
      assert.ok(v.ok, `invalid IIN ${r.iin}`);
      if (v.ok) {
        assert.equal(v.info.birthDate, r.birth_date, r.iin);
        assert.equal(v.info.sex, r.sex === 'F' ? 'female' : 'male', r.iin);
      }
    }
  });

  test('every BIN valid and unique; heads and POA parties are persons of the population', async () => {
    const bins = await q<{ bin: string; registered_on: string }>('SELECT bin, registered_on FROM gbdul_entities');
    assert.ok(bins.length >= 5);
    assert.equal(new Set(bins.map((b) => b.bin)).size, bins.length);
    for (const b of bins) {
      assert.ok(validateBin(b.bin).ok, `invalid BIN ${b.bin}`);
      assert.equal(b.bin.slice(0, 4), `${b.registered_on.slice(2, 4)}${b.registered_on.slice(5, 7)}`);
    }
    assert.equal(await count('SELECT 1 FROM gbdul_entities e LEFT JOIN gbdfl_persons p ON p.iin = e.head_iin WHERE p.iin IS NULL'), 0);
    assert.equal(await count('SELECT 1 FROM gbdul_entities e JOIN gbdfl_persons p ON p.iin = e.head_iin WHERE p.death_date IS NOT NULL'), 0);
    assert.equal(
      await count(
        `SELECT 1 FROM enis_powers_of_attorney a WHERE NOT EXISTS (SELECT 1 FROM gbdfl_persons p WHERE p.iin = a.representative_iin)
           OR NOT EXISTS (SELECT 1 FROM gbdfl_persons p WHERE p.iin = a.principal_id UNION ALL SELECT 1 FROM gbdul_entities e WHERE e.bin = a.principal_id)`,
      ),
      0,
    );
    assert.equal(await count('SELECT 1 FROM enis_powers_of_attorney WHERE valid_to < valid_from OR principal_id = representative_iin'), 0);
  });

  test('deterministic: the same seed gives the same data, another seed different data', async () => {
    const digest = (pop: ReturnType<typeof generatePopulation>['pop']) =>
      createHash('sha256')
        .update(JSON.stringify([pop.persons.map((p) => [p.iin, p.surname, p.given, p.patr, p.bd, p.death, p.regs]), pop.acts.map((a) => [a.kind, a.number, a.date, a.parts]), pop.entities.map((e) => [e.bin, e.nameRu]), pop.poas]))
        .digest('hex');
    const a = generatePopulation({ persons: PERSONS, seed: SEED });
    const b = generatePopulation({ persons: PERSONS, seed: SEED });
    const c = generatePopulation({ persons: PERSONS, seed: SEED + 1 });
    assert.equal(digest(a.pop), digest(b.pop));
    assert.notEqual(digest(a.pop), digest(c.pop));
    // …and the database holds exactly what the generator makes.
    const fromDb = await q<{ iin: string; surname: string; birth_date: string }>('SELECT iin, surname, birth_date FROM gbdfl_persons ORDER BY iin');
    const gen = a.pop.persons.map((p) => ({ iin: p.iin, surname: p.surname, birth_date: isoOf(p.bd) })).sort((x, y) => x.iin.localeCompare(y.iin));
    assert.deepEqual(fromDb, gen);
  });

  test("families: a child is born more than 16 years after each parent's birth, and not after a mother's death", async () => {
    const links = await count(`SELECT 1 FROM gbdfl_family_links WHERE relation IN ('mother', 'father')`);
    assert.ok(links > PERSONS / 3, `only ${links} parent links`);
    assert.equal(
      await count(
        `SELECT 1 FROM gbdfl_family_links l JOIN gbdfl_persons c ON c.iin = l.iin JOIN gbdfl_persons p ON p.iin = l.relative_iin
         WHERE l.relation IN ('mother', 'father') AND c.birth_date <= p.birth_date + interval '16 years'`,
      ),
      0,
    );
    assert.equal(
      await count(
        `SELECT 1 FROM gbdfl_family_links l JOIN gbdfl_persons c ON c.iin = l.iin JOIN gbdfl_persons p ON p.iin = l.relative_iin
         WHERE l.relation = 'mother' AND l.basis = 'birth' AND p.death_date < c.birth_date`,
      ),
      0,
    );
    // The parent's sex matches the relation.
    assert.equal(
      await count(`SELECT 1 FROM gbdfl_family_links l JOIN gbdfl_persons p ON p.iin = l.relative_iin WHERE (l.relation = 'mother' AND p.sex <> 'F') OR (l.relation = 'father' AND p.sex <> 'M')`),
      0,
    );
  });

  test('families: every spouse link has a marriage record in the civil registry with both spouses, adults at the wedding', async () => {
    assert.ok((await count(`SELECT 1 FROM gbdfl_family_links WHERE relation = 'spouse'`)) > 20);
    assert.equal(
      await count(
        `SELECT 1 FROM gbdfl_family_links l WHERE l.relation = 'spouse' AND NOT EXISTS (
           SELECT 1 FROM zags_acts a JOIN zags_participants x ON x.act_id = a.id AND x.iin = l.iin JOIN zags_participants y ON y.act_id = a.id AND y.iin = l.relative_iin
           WHERE a.kind = 'marriage' AND a.act_date = l.since)`,
      ),
      0,
    );
    assert.equal(
      await count(
        `SELECT 1 FROM zags_acts a JOIN zags_participants x ON x.act_id = a.id JOIN gbdfl_persons p ON p.iin = x.iin
         WHERE a.kind = 'marriage' AND a.act_date < p.birth_date + interval '18 years'`,
      ),
      0,
    );
    // Husband and wife roles match the sexes; spouse links come in pairs.
    assert.equal(
      await count(`SELECT 1 FROM zags_participants x JOIN gbdfl_persons p ON p.iin = x.iin WHERE (x.role = 'husband' AND p.sex <> 'M') OR (x.role = 'wife' AND p.sex <> 'F')`),
      0,
    );
    assert.equal(
      await count(`SELECT 1 FROM gbdfl_family_links a WHERE a.relation = 'spouse' AND NOT EXISTS (SELECT 1 FROM gbdfl_family_links b WHERE b.relation = 'spouse' AND b.iin = a.relative_iin AND b.relative_iin = a.iin AND b.since = a.since)`),
      0,
    );
    // A divorce record ends the link; nobody has two current spouses.
    assert.equal(
      await count(`SELECT iin FROM gbdfl_family_links WHERE relation = 'spouse' AND until IS NULL GROUP BY iin HAVING count(*) > 1`),
      0,
    );
  });

  test('the dead: a death record, no current registration, no current marriage', async () => {
    const dead = await count('SELECT 1 FROM gbdfl_persons WHERE death_date IS NOT NULL');
    assert.ok(dead > 0);
    assert.equal(
      await count(`SELECT 1 FROM gbdfl_persons p WHERE p.death_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM zags_participants x JOIN zags_acts a ON a.id = x.act_id WHERE x.iin = p.iin AND a.kind = 'death')`),
      0,
    );
    assert.equal(await count('SELECT 1 FROM gbdfl_persons p JOIN gbdfl_registrations r ON r.iin = p.iin WHERE p.death_date IS NOT NULL AND r.registered_to IS NULL'), 0);
    assert.equal(
      await count(`SELECT 1 FROM gbdfl_family_links l JOIN gbdfl_persons p ON p.iin IN (l.iin, l.relative_iin) WHERE l.relation = 'spouse' AND l.until IS NULL AND p.death_date IS NOT NULL`),
      0,
    );
  });

  test('addresses: at most one current permanent registration each, every living person registered, real regions', async () => {
    assert.equal(await count(`SELECT iin FROM gbdfl_registrations WHERE kind = 'permanent' AND registered_to IS NULL GROUP BY iin HAVING count(*) > 1`), 0);
    assert.equal(
      await count(`SELECT 1 FROM gbdfl_persons p WHERE p.death_date IS NULL AND NOT EXISTS (SELECT 1 FROM gbdfl_registrations r WHERE r.iin = p.iin AND r.kind = 'permanent' AND r.registered_to IS NULL)`),
      0,
    );
    assert.equal(await count('SELECT 1 FROM gbdfl_registrations WHERE registered_to < registered_from'), 0);
    assert.equal(await count('SELECT 1 FROM gbdfl_registrations r LEFT JOIN addr_addresses a ON a.id = r.address_id WHERE a.id IS NULL'), 0);
    const regions = (await q<{ region: string }>('SELECT DISTINCT region FROM addr_addresses')).map((r) => r.region);
    for (const r of regions) assert.ok((REGION_CODES as string[]).includes(r), r);
  });

  test('act records: paper-only before the cut-offs (births 13 Aug 2007, others 2008), electronic after', async () => {
    const acts = await q<{ kind: string; act_date: string; electronic: boolean }>('SELECT kind, act_date, electronic FROM zags_acts');
    for (const a of acts) assert.equal(a.electronic, isElectronicRecord(a.kind as 'birth', a.act_date), `${a.kind} ${a.act_date}`);
    assert.ok(acts.some((a) => a.electronic) && acts.some((a) => !a.electronic));
  });

  test('a larger population (in memory) has divorces, deaths, remarriages, name changes, paternity and adoption records', () => {
    const { pop } = generatePopulation({ persons: 4000, seed: 11 });
    const kinds = new Map<string, number>();
    for (const a of pop.acts) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
    for (const k of ['birth', 'marriage', 'divorce', 'death', 'paternity', 'adoption', 'name_change']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} records`);
    const married = pop.persons.filter((p) => p.birthSurname !== null).length;
    assert.ok(married > 100, 'surnames change at marriage');
    const twice = pop.persons.filter((p) => new Set(p.spouseLinks.filter((l) => l.iin === p.iin).map((l) => l.rel)).size > 1).length;
    assert.ok(twice > 0, 'some people married twice');
    assert.equal(pop.persons.length, 4000);
    // Most first children are born after the wedding.
    const births = pop.acts.filter((a) => a.kind === 'birth' && a.parts.some((p) => p[1] === 'father'));
    assert.ok(births.length > 1000);
  });

  test('every demo account is a person of the persons DB with the same name', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const r = await gw.send('persons', 'getPerson', { iin: a.iin }, META);
      assert.equal(r.status, 'ok', a.iin);
      if (r.status === 'ok') {
        assert.deepEqual([r.data.surname, r.data.givenName, r.data.patronymic], [a.surname, a.givenName, a.patronymic]);
        assert.ok(r.data.address, `${a.iin} has an address`);
      }
    }
  });

  test('seeding is idempotent', async () => {
    const before = await count('SELECT 1 FROM zags_acts');
    const r = await seedPopulation(db, { persons: 5000, seed: 1 });
    assert.equal(r.seeded, false);
    assert.equal(r.persons, PERSONS);
    assert.equal(r.seed, SEED);
    assert.equal(await count('SELECT 1 FROM zags_acts'), before);
    assert.equal(await count('SELECT 1 FROM gbdfl_persons'), PERSONS);
  });
});

describe(`demo people: S4 relationship checks (${engine})`, () => {
  test("the demo citizen's child born after 13 Aug 2007 → 'child'", async () => {
    for (const kid of [DEMO_RELATIVES.alikhan, DEMO_RELATIVES.ayala]) {
      const r = await rel(NURLAN, kid);
      assert.equal(r.relation, 'child');
      assert.equal(r.reason, null);
      assert.equal(r.act?.kind, 'birth');
      assert.equal(r.act?.electronic, true);
    }
    // The mother too.
    assert.equal((await rel(DEMO_RELATIVES.aigul, DEMO_RELATIVES.ayala)).relation, 'child');
  });

  test("the demo citizen's spouse married in 2013 → 'spouse'", async () => {
    const r = await rel(NURLAN, DEMO_RELATIVES.aigul);
    assert.equal(r.relation, 'spouse');
    assert.equal(r.act?.actDate, '2013-08-24');
    assert.equal((await rel(DEMO_RELATIVES.aigul, NURLAN)).relation, 'spouse');
  });

  test('a stranger → null (NO_RECORD); own IIN → null (SAME_PERSON)', async () => {
    const stranger = (await one<{ iin: string }>(`SELECT iin FROM gbdfl_persons WHERE iin NOT IN (${Object.values(DEMO_RELATIVES).map((x) => `'${x}'`).join(',')}, '${NURLAN}') ORDER BY iin LIMIT 1`)).iin;
    const r = await rel(NURLAN, stranger);
    assert.equal(r.relation, null);
    assert.equal(r.reason, 'NO_RECORD');
    assert.ok(r.message?.kk && r.message.ru && r.message.en);
    assert.equal((await rel(NURLAN, NURLAN)).reason, 'SAME_PERSON');
    // Parents are neither child nor spouse.
    assert.equal((await rel(NURLAN, DEMO_RELATIVES.serik)).relation, null);
  });

  test('a spouse married before 2008 → null with the reason (present the marriage certificate)', async () => {
    const r = await rel(DEMO_RELATIVES.serik, DEMO_RELATIVES.gulnar);
    assert.equal(r.relation, null);
    assert.equal(r.reason, 'MARRIAGE_BEFORE_2008');
    assert.match(r.message?.ru ?? '', /до 2008 года/);
    assert.deepEqual([r.act?.kind, r.act?.actDate, r.act?.electronic], ['marriage', '1985-07-20', false]);
  });

  test('a divorced first wife → null (DIVORCED); a child with a birth record before 13 Aug 2007 → null with the reason', async () => {
    assert.equal((await rel(NURLAN, DEMO_RELATIVES.zhanar)).reason, 'DIVORCED');
    const t = await rel(NURLAN, DEMO_RELATIVES.timur);
    assert.equal(t.relation, null);
    assert.equal(t.reason, 'BIRTH_RECORD_BEFORE_CUTOFF');
    assert.equal(t.act?.actDate, '2007-03-12');
  });

  test('the second demo citizen has her own family', async () => {
    assert.equal((await rel(AIGERIM, DEMO_RELATIVES.daniyar)).relation, 'spouse');
    assert.equal((await rel(AIGERIM, DEMO_RELATIVES.erasyl)).relation, 'child');
    assert.equal((await rel(DEMO_RELATIVES.daniyar, DEMO_RELATIVES.tomiris)).relation, 'child');
    assert.equal((await rel(AIGERIM, DEMO_RELATIVES.alikhan)).relation, null);
    assert.equal((await rel(DEMO_RELATIVES.marat, DEMO_RELATIVES.roza)).reason, 'MARRIAGE_BEFORE_2008');
    assert.equal((await rel(DEMO_RELATIVES.marat, AIGERIM)).reason, 'BIRTH_RECORD_BEFORE_CUTOFF');
    const p = await gw.send('persons', 'getPerson', { iin: AIGERIM }, META);
    assert.ok(p.status === 'ok' && p.data.birthSurname === 'Сәрсенова' && p.data.surname === 'Жұмабаева');
  });
});

describe(`the systems' services (${engine})`, () => {
  test('persons: getPerson, getFamily, getAddressHistory', async () => {
    const p = await gw.send('persons', 'getPerson', { iin: NURLAN }, META);
    assert.equal(p.status, 'ok');
    if (p.status !== 'ok') return;
    assert.deepEqual([p.data.surname, p.data.givenName, p.data.birthDate, p.data.sex, p.data.alive], ['Ахметов', 'Нұрлан', '1988-05-15', 'male', true]);
    assert.equal(p.data.birthPlace.region, 'karaganda');
    assert.equal(p.data.address?.region, 'astana');
    assert.match(p.data.address?.text.ru ?? '', /г\. Астана.*проспект Мангилик Ел, д\. 40, кв\. 112/);
    assert.match(p.data.address?.text.kk ?? '', /Мәңгілік Ел даңғылы, 40 үй, 112 пәтер/);

    const f = await gw.send('persons', 'getFamily', { iin: NURLAN }, META);
    assert.equal(f.status, 'ok');
    if (f.status !== 'ok') return;
    assert.deepEqual(f.data.parents.map((x) => [x.iin, x.relation]).sort(), [
      [DEMO_RELATIVES.serik, 'father'],
      [DEMO_RELATIVES.gulnar, 'mother'],
    ].sort());
    assert.deepEqual(
      f.data.children.map((x) => x.iin),
      [DEMO_RELATIVES.timur, DEMO_RELATIVES.alikhan, DEMO_RELATIVES.ayala],
    );
    assert.deepEqual(
      f.data.spouses.map((x) => [x.iin, x.since, x.until, x.current]),
      [
        [DEMO_RELATIVES.zhanar, '2006-06-17', '2010-02-15', false],
        [DEMO_RELATIVES.aigul, '2013-08-24', null, true],
      ],
    );

    const h = await gw.send('persons', 'getAddressHistory', { iin: NURLAN }, META);
    assert.equal(h.status, 'ok');
    if (h.status !== 'ok') return;
    const regs = h.data.registrations;
    assert.equal(regs.length, 5);
    assert.deepEqual(
      regs.filter((r) => r.kind === 'permanent').map((r) => [r.from, r.to, r.address.locality.ru]),
      [
        ['1988-05-24', '2006-06-20', 'Караганда'],
        ['2006-06-20', '2010-03-01', 'Караганда'],
        ['2010-03-01', '2013-09-02', 'Астана'],
        ['2013-09-02', null, 'Астана'],
      ],
    );
    assert.deepEqual(
      regs.filter((r) => r.kind === 'temporary').map((r) => [r.from, r.to, r.address.region]),
      [['2021-09-01', '2022-03-01', 'almaty']],
    );
    assert.equal(regs.find((r) => r.current && r.kind === 'permanent')?.address.id, p.data.address?.id);

    for (const svc of ['getPerson', 'getFamily', 'getAddressHistory'] as const) {
      const nf = await gw.send('persons', svc, { iin: '000000000000' }, META);
      assert.equal(nf.status, 'not_found', svc);
    }
    await assert.rejects(gw.send('persons', 'getPerson', { iin: 'abc' } as { iin: string }, META), (e: unknown) => isGatewayError(e, 'GATEWAY_REJECTED'));
  });

  test('civil registry: findActs lists electronic records and counts paper-only ones', async () => {
    const r = await gw.send('civil-registry', 'findActs', { iin: NURLAN }, META);
    assert.equal(r.status, 'ok');
    if (r.status !== 'ok') return;
    assert.deepEqual(
      r.data.acts.map((a) => [a.kind, a.actDate]),
      [
        ['divorce', '2010-02-15'],
        ['marriage', '2013-08-24'],
        ['birth', '2014-06-27'],
        ['birth', '2018-03-06'],
      ],
    );
    assert.equal(r.data.paperOnly, 3); // his birth, first marriage, Timur's birth
    const m = r.data.acts.find((a) => a.kind === 'marriage');
    assert.deepEqual(m?.details, { husbandSurname: 'Ахметов', wifeSurnameAfter: 'Ахметова', wifeSurnameBefore: 'Төлеуова' });
    assert.deepEqual(m?.participants.map((p) => p.role).sort(), ['husband', 'wife']);

    const births = await gw.send('civil-registry', 'findActs', { iin: NURLAN, kind: 'birth' }, META);
    assert.ok(births.status === 'ok' && births.data.acts.length === 2);
    const paper = await gw.send('civil-registry', 'findActs', { iin: DEMO_RELATIVES.timur }, META);
    assert.equal(paper.status, 'not_found');
    if (paper.status === 'not_found') {
      assert.equal(paper.reason, 'NOT_IN_ELECTRONIC_REGISTRY');
      assert.match(paper.message.ru, /только на бумаге/);
    }
    const none = await gw.send('civil-registry', 'findActs', { iin: '000000000000' }, META);
    assert.ok(none.status === 'not_found' && none.reason === 'NO_RECORD');
  });

  test('civil registry: registerAct writes a record (electronic) and is never retried', async () => {
    const r = await gw.send(
      'civil-registry',
      'registerAct',
      { kind: 'name_change', actDate: '2026-11-20', registeringBody: 'Отдел ЗАГС г. Астана', participants: [{ iin: DEMO_RELATIVES.dinara, role: 'person' }], details: { field: 'surname', before: 'Ахметова', after: 'Серікова' } },
      META,
    );
    assert.equal(r.status, 'ok');
    if (r.status === 'ok') assert.match(r.data.recorded ? r.data.act.actNumber : '', /^2026\/N\/E\d{9}$/);
    const acts = await gw.send('civil-registry', 'findActs', { iin: DEMO_RELATIVES.dinara, kind: 'name_change' }, META);
    assert.ok(acts.status === 'ok' && acts.data.acts.length === 1 && acts.data.acts[0]?.details?.after === 'Серікова');

    const flaky = createStateGateway(db, { faults: { 'civil-registry': { errorRate: 1 } } }, {});
    const t = await flaky.send('civil-registry', 'findActs', { iin: NURLAN }, META).catch((e: unknown) => e);
    assert.ok(isGatewayError(t, 'GATEWAY_ERROR'));
    await assert.rejects(
      flaky.send('civil-registry', 'registerAct', { kind: 'birth', actDate: '2026-11-20', registeringBody: 'x', participants: [{ iin: NURLAN, role: 'father' }] }, META),
      (e: unknown) => isGatewayError(e, 'GATEWAY_ERROR'),
    );
    await flaky.flush();
    const attempts = await q<{ service_id: string; n: number }>(
      `SELECT service_id, count(*)::int AS n FROM gateway_calls WHERE system_id = 'civil-registry' AND status = 'error' GROUP BY service_id ORDER BY service_id`,
    );
    assert.deepEqual(attempts, [
      { service_id: 'findActs', n: 3 },
      { service_id: 'registerAct', n: 1 },
    ]);
    await flaky.close();
  });

  test('notary: valid, expired, revoked, out of scope, not notarised, mismatched, unknown', async () => {
    const poa = (number: string, principalIin: string, representativeIin: string, serviceCode = 'address-reference', on?: string) =>
      gw.send('notary', 'checkPowerOfAttorney', { number, principalIin, representativeIin, serviceCode, ...(on ? { on } : {}) }, META);
    const ok = await poa('2024-0000001', NURLAN, DEMO_RELATIVES.aigul, 'archival-reference', '2026-01-15');
    assert.ok(ok.status === 'ok' && ok.data.valid && ok.data.poa?.scope === 'any');
    const expired = await poa('2023-0000002', NURLAN, DEMO_RELATIVES.dinara);
    assert.ok(expired.status === 'ok' && !expired.data.valid && expired.data.reason === 'EXPIRED');
    const early = await poa('2023-0000002', NURLAN, DEMO_RELATIVES.dinara, 'address-reference', '2022-12-31');
    assert.ok(early.status === 'ok' && early.data.reason === 'NOT_YET_VALID');
    const revoked = await poa('2025-0000003', NURLAN, DEMO_RELATIVES.serik, 'address-reference', '2026-01-15');
    assert.ok(revoked.status === 'ok' && revoked.data.reason === 'REVOKED');
    const before = await poa('2025-0000003', NURLAN, DEMO_RELATIVES.serik, 'address-reference', '2025-09-30');
    assert.ok(before.status === 'ok' && before.data.valid);
    const scope = await poa('2025-0000004', DEMO_RELATIVES.marat, AIGERIM, 'birth-registration', '2026-01-15');
    assert.ok(scope.status === 'ok' && scope.data.reason === 'OUT_OF_SCOPE' && Array.isArray(scope.data.poa?.scope));
    const inScope = await poa('2025-0000004', DEMO_RELATIVES.marat, AIGERIM, 'archival-reference', '2026-01-15');
    assert.ok(inScope.status === 'ok' && inScope.data.valid);
    const plain = await poa('2025-0000005', AIGERIM, DEMO_RELATIVES.daniyar, 'civil-repeat-certificate', '2026-01-15');
    assert.ok(plain.status === 'ok' && plain.data.reason === 'NOT_NOTARISED');
    const wrong = await poa('2024-0000001', NURLAN, DEMO_RELATIVES.dinara);
    assert.ok(wrong.status === 'ok' && wrong.data.reason === 'REPRESENTATIVE_MISMATCH' && wrong.data.poa === null, 'never reveals a POA to a non-party');
    const wrongP = await poa('2024-0000001', AIGERIM, DEMO_RELATIVES.aigul);
    assert.ok(wrongP.status === 'ok' && wrongP.data.reason === 'PRINCIPAL_MISMATCH' && wrongP.data.poa === null);
    const none = await poa('1999-9999999', NURLAN, DEMO_RELATIVES.aigul);
    assert.ok(none.status === 'not_found' && none.reason === 'NO_SUCH_POA');
  });

  test('legal entities: getEntity and findEntitiesByHead; address register: getAddress', async () => {
    const mine = await gw.send('legal-entities', 'findEntitiesByHead', { iin: NURLAN }, META);
    assert.ok(mine.status === 'ok' && mine.data.entities.length === 1);
    if (mine.status !== 'ok') return;
    const bin = mine.data.entities[0]!.bin;
    const e = await gw.send('legal-entities', 'getEntity', { bin }, META);
    assert.equal(e.status, 'ok');
    if (e.status !== 'ok') return;
    assert.deepEqual([e.data.name.ru, e.data.name.kk, e.data.status, e.data.head?.name], ['ТОО «Сарыарка Логистик»', '«Сарыарқа Логистик» ЖШС', 'active', 'Ахметов Нұрлан Серікұлы']);
    assert.ok(validateBin(bin).ok);
    const nf = await gw.send('legal-entities', 'getEntity', { bin: '000000000000' }, META);
    assert.ok(nf.status === 'not_found' && nf.reason === 'NO_SUCH_ENTITY');

    const a = await gw.send('address', 'getAddress', { id: e.data.address!.id }, META);
    assert.ok(a.status === 'ok' && a.data.house === '52' && a.data.regionName.en === 'Astana city');
    const an = await gw.send('address', 'getAddress', { id: 999_999_999 }, META);
    assert.equal(an.status, 'not_found');
  });

  test('who looked at whose data: the call log has the subject of every personal-data request', async () => {
    await gw.send('persons', 'getPerson', { iin: AIGERIM }, { sender: 'qyzmet-psc', purpose: 'address-reference', actorId: 'operator-1', consentId: 'consent-123' });
    await gw.flush();
    const row = await one<Record<string, unknown>>(
      `SELECT system_id, service_id, subject_iin, actor_id, consent_id, purpose, status FROM gateway_calls WHERE actor_id = 'operator-1' ORDER BY message_id DESC LIMIT 1`,
    );
    assert.deepEqual(row, { system_id: 'persons', service_id: 'getPerson', subject_iin: AIGERIM, actor_id: 'operator-1', consent_id: 'consent-123', purpose: 'address-reference', status: 'ok' });
  });
});
