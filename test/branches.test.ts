/**
 * Branches as data (issue 11 item 1): the timetable kinds load and are checked, and the branch's
 * timetable with the working calendar decides the acceptance day — checked every half hour over
 * weeks with holidays, moved days and Saturdays against an independent reading of 002 cl.3 —
 * and over HTTP: GET /api/v1/branches, the deadline with `branch`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadCalendar } from '../src/calendar/calendar.ts';
import type { WorkCalendar } from '../src/calendar/calendar.ts';
import { computeDeadline } from '../src/calendar/deadline.ts';
import { addCalendarDays, atLocal, isoWeekday } from '../src/calendar/time.ts';
import { buildApp } from '../src/http/app.ts';
import { type BranchOrg, branchAcceptance, branchDeadline, isBranch } from '../src/organisations/branches.ts';
import { checkOrganisations, loadOrganisations, OrganisationError, type Organisations, parseOrganisationsFile } from '../src/organisations/organisations.ts';
import { loadServiceGroups } from '../src/queue/groups.ts';
import { loadRegistry, type Registry } from '../src/registry/registry.ts';
import type { ServiceDefinition } from '../src/registry/types.ts';
import { makeTestContext } from './helpers/context.ts';

let registry: Registry;
let orgs: Organisations;
let cal: WorkCalendar;
before(async () => {
  registry = await loadRegistry();
  orgs = loadOrganisations(undefined, registry);
  cal = loadCalendar();
});

const branch = (id: string): BranchOrg => {
  const b = orgs.get(id);
  assert.ok(isBranch(b), id);
  return b;
};

/** 002 cl.3 read independently: the hours a branch keeps on a date, or null (closed). */
function oracleHours(b: BranchOrg, d: string): [number, number] | null {
  const info = cal.dayInfo(d);
  const ordinarySat = info.weekday === 6 && info.kind === 'weekend';
  if (!info.working && !ordinarySat) return null;
  const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  switch (b.branch.timetable) {
    case 'ordinary':
      return info.working ? [540, 1080] : null;
    case 'duty':
      return info.working ? [540, 1200] : [540, 780];
    case 'own':
      return info.working ? [hm(b.hours!.from), hm(b.hours!.until)] : b.hours!.saturday ? [hm(b.hours!.saturday.from), hm(b.hours!.saturday.until)] : null;
    case 'mobile': {
      const s = b.branch.route.find((x) => x.weekday === isoWeekday(d));
      return s ? [hm(s.from), hm(s.until)] : null;
    }
  }
}

function oracleAcceptance(b: BranchOrg, day: string, minute: number): string {
  const h = oracleHours(b, day);
  if (h && minute < h[1]) return day;
  let d = day;
  for (;;) {
    d = addCalendarDays(d, 1);
    if (oracleHours(b, d)) return d;
  }
}

describe('the timetable kinds', () => {
  test('the seeded branches: a duty and an ordinary branch in Pavlodar, a mobile centre, Oral on its own timetable', () => {
    assert.equal(branch('psc-pavlodar-01').branch.timetable, 'duty');
    assert.deepEqual(branch('psc-pavlodar-01').hours, { from: '09:00', until: '20:00', saturday: { from: '09:00', until: '13:00' } });
    assert.equal(branch('psc-pavlodar-01').branch.windows.length, 6);
    assert.equal(branch('psc-pavlodar-02').branch.timetable, 'ordinary');
    assert.deepEqual(branch('psc-pavlodar-02').hours, { from: '09:00', until: '18:00' });
    assert.equal(branch('psc-oral-01').branch.timetable, 'own');
    assert.equal(branch('psc-pavlodar-mobile').branch.timetable, 'mobile');
    // gov4c is a centre (the parent) but not a branch.
    assert.equal(isBranch(orgs.get('gov4c')), false);
  });

  const file = (branchYaml: string, hours = '') => `region: pavlodar
organisations:
  - id: psc-x
    kind: centre
    name: { kk: X, ru: X, en: X }
    frontOfficeFor: all
${hours}    branch:
${branchYaml}`;
  const refused = (text: string) => {
    try {
      checkOrganisations(parseOrganisationsFile(text, 'organisations/x.yaml'));
      return 'accepted';
    } catch (e) {
      assert.ok(e instanceof OrganisationError, String(e));
      return `${e.path}: ${e.detail}`;
    }
  };

  test('refused at load: a duty branch with other hours, own without hours, a mobile stop under 6 hours, a route on a fixed branch, two windows with one number', () => {
    assert.match(refused(file('      timetable: duty\n      windows: [{ id: "1", groups: [archives] }]\n', '    hours: { from: "09:00", until: "18:00" }\n')), /^\/organisations\/0\/hours: a duty branch keeps 09:00–20:00 and Saturday 09:00–13:00/);
    assert.match(refused(file('      timetable: own\n      windows: [{ id: "1", groups: [archives] }]\n')), /\/hours: a branch with its own timetable states its hours/);
    assert.match(
      refused(file('      timetable: mobile\n      windows: [{ id: "1", groups: [archives] }]\n      route: [{ weekday: 2, settlement: { kk: A, ru: A, en: A }, from: "09:00", until: "14:59" }]\n')),
      /\/branch\/route\/0: a stop of 09:00–14:59 is shorter than 6 working hours/,
    );
    assert.equal(refused(file('      timetable: mobile\n      windows: [{ id: "1", groups: [archives] }]\n      route: [{ weekday: 2, settlement: { kk: A, ru: A, en: A }, from: "09:00", until: "15:00" }]\n')), 'accepted');
    assert.match(refused(file('      timetable: ordinary\n      windows: [{ id: "1", groups: [archives] }]\n      route: [{ weekday: 2, settlement: { kk: A, ru: A, en: A }, from: "09:00", until: "15:00" }]\n')), /only a mobile centre has a route/);
    assert.match(refused(file('      timetable: ordinary\n      windows: [{ id: "1", groups: [archives] }, { id: "1", groups: [identity] }]\n')), /\/branch\/windows\/1\/id: duplicate window "1"/);
    assert.equal(refused(file('      timetable: ordinary\n      windows: [{ id: "1", groups: [archives] }]\n')), 'accepted');
  });

  test('service groups: every service of the registry in exactly one group; every window names known groups', () => {
    const groups = loadServiceGroups({ registry, orgs });
    for (const code of registry.codes()) assert.ok(groups.ofService(code), code);
    assert.equal(groups.ofService('birth-registration')!.letter, 'A');
    const bad = parseOrganisationsFile(`region: pavlodar\norganisations:\n  - id: psc-y\n    kind: centre\n    name: { kk: Y, ru: Y, en: Y }\n    branch: { timetable: ordinary, windows: [{ id: "1", groups: [astrology] }] }\n`, 'organisations/y.yaml');
    const { Organisations: O } = { Organisations: orgs.constructor as new (l: typeof bad) => Organisations };
    assert.throws(() => loadServiceGroups({ orgs: new O(bad) }), /unknown service group "astrology"/);
  });
});

describe('the acceptance day (pure)', () => {
  // Weeks with Nauryz (21–23 March 2026, moved to 24–25 March), an ordinary Saturday and
  // Independence Day (Wed 16 December 2026), each half hour of every day.
  const ranges: Array<[string, number]> = [
    ['2026-03-14', 16],
    ['2026-12-10', 12],
    ['2026-12-26', 12],
  ];
  const ids = ['psc-pavlodar-01', 'psc-pavlodar-02', 'psc-oral-01', 'psc-pavlodar-mobile'];
  const def = () => registry.versions('address-reference').at(-1)! as ServiceDefinition;

  test('every half hour, for every kind of branch: the day the oracle reads from 002 cl.3, and a working-day term counted from it', () => {
    let checked = 0;
    let saturdays = 0;
    for (const id of ids) {
      const b = branch(id);
      for (const [start, days] of ranges)
        for (let i = 0; i < days; i++) {
          const day = addCalendarDays(start, i);
          for (let m = 0; m < 1440; m += 30) {
            const at = atLocal(day, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
            const want = oracleAcceptance(b, day, m);
            assert.equal(branchAcceptance(b, at, cal).date, want, `${id} ${day} ${m}`);
            const r = branchDeadline(def(), b, { filedAt: at }, cal)!;
            assert.equal(r.acceptanceDate, want, `${id} ${day} ${m} (deadline)`);
            const term = r.term;
            assert.equal(term.unit, 'working-days');
            assert.equal(r.dueDate, cal.addWorkingDays(want, term.amount), `${id} ${day} ${m} due`);
            if (isoWeekday(want) === 6) saturdays++;
            checked++;
          }
        }
    }
    assert.equal(checked, 4 * 40 * 48);
    assert.ok(saturdays > 0, 'some packages are accepted on a Saturday');
  });

  test('a Saturday at the duty branch: accepted that Saturday, the term counts from Monday — without the branch it is accepted Monday and counts from Tuesday', () => {
    const b = branch('psc-pavlodar-01');
    const sat = atLocal('2026-12-12', '10:00');
    const withBranch = branchDeadline(def(), b, { filedAt: sat }, cal)!;
    assert.equal(withBranch.acceptanceDate, '2026-12-12');
    assert.equal(withBranch.dueDate, '2026-12-14');
    const plain = computeDeadline(def(), { channel: 'centre', filedAt: sat }, cal)!;
    assert.equal(plain.acceptanceDate, '2026-12-14');
    assert.equal(plain.dueDate, '2026-12-15');
    // After 13:00 on Saturday: the next opening, Monday.
    assert.equal(branchDeadline(def(), b, { filedAt: atLocal('2026-12-12', '13:00') }, cal)!.acceptanceDate, '2026-12-14');
    // The ordinary branch is closed on Saturday; on Independence Day (Wed 16 Dec) both are closed.
    assert.equal(branchDeadline(def(), branch('psc-pavlodar-02'), { filedAt: sat }, cal)!.acceptanceDate, '2026-12-14');
    assert.equal(branchDeadline(def(), b, { filedAt: atLocal('2026-12-16', '11:00') }, cal)!.acceptanceDate, '2026-12-17');
    // 19:30 on a weekday: open at the duty branch, after hours at the ordinary one.
    assert.equal(branchDeadline(def(), b, { filedAt: atLocal('2026-12-14', '19:30') }, cal)!.acceptanceDate, '2026-12-14');
    assert.equal(branchDeadline(def(), branch('psc-pavlodar-02'), { filedAt: atLocal('2026-12-14', '19:30') }, cal)!.acceptanceDate, '2026-12-15');
    assert.match(withBranch.basis.en, /Saturday is a day of acceptance but not a working day of the term/);
  });

  test('the mobile centre accepts at its next stop and says so', () => {
    const b = branch('psc-pavlodar-mobile');
    // Monday: no stop; the next is Tuesday in Sharbakty.
    const r = branchDeadline(def(), b, { filedAt: atLocal('2026-12-14', '12:00') }, cal)!;
    assert.equal(r.acceptanceDate, '2026-12-15');
    assert.match(r.basis.en, /next stop on the route/);
  });
});

describe('over HTTP', () => {
  let ctx: Awaited<ReturnType<typeof makeTestContext>>;
  let app: FastifyInstance;
  before(async () => {
    ctx = await makeTestContext({ demo: false });
    app = await buildApp(ctx);
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  test('GET /api/v1/branches: id, name, region, kind and timetable, public', async () => {
    const r = await app.inject('/api/v1/branches');
    assert.equal(r.statusCode, 200);
    const items = r.json().items as Array<{ id: string; region: string; kind: string; timetable: { weekdays: unknown; saturday: unknown; route?: unknown[] } }>;
    const duty = items.find((i) => i.id === 'psc-pavlodar-01')!;
    assert.equal(duty.kind, 'duty');
    assert.equal(duty.region, 'pavlodar');
    assert.deepEqual(duty.timetable, { weekdays: { from: '09:00', until: '20:00' }, saturday: { from: '09:00', until: '13:00' } });
    assert.equal(items.find((i) => i.id === 'psc-pavlodar-02')!.kind, 'ordinary');
    assert.equal(items.find((i) => i.id === 'psc-pavlodar-mobile')!.timetable.route!.length, 2);
    assert.ok(!items.some((i) => i.id === 'gov4c'));
    const one = (await app.inject('/api/v1/branches/psc-pavlodar-01')).json() as { windows: Array<{ id: string; groups: string[] }>; groups: Array<{ letter: string }> };
    assert.equal(one.windows.length, 6);
    assert.equal((await app.inject('/api/v1/branches/nowhere')).json().code, 'UNKNOWN_BRANCH');
  });

  test('the deadline with branch: a Saturday at the duty branch is its acceptance day; errors name the parameter', async () => {
    const q = (s: string) => app.inject(`/api/v1/services/address-reference/deadline?${s}`);
    const sat = await q('channel=centre&branch=psc-pavlodar-01&filedAt=2026-12-12T10:00');
    assert.equal(sat.statusCode, 200, sat.body);
    assert.equal(sat.json().acceptanceDate, '2026-12-12');
    assert.equal(sat.json().dueDate, '2026-12-14');
    const plain = await q('channel=centre&filedAt=2026-12-12T10:00');
    assert.equal(plain.json().acceptanceDate, '2026-12-14');
    const unknown = await q('channel=centre&branch=nowhere&filedAt=2026-12-12T10:00');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'UNKNOWN_BRANCH');
    assert.equal(unknown.json().path, '/query/branch');
    const portal = await q('channel=portal&branch=psc-pavlodar-01&filedAt=2026-12-12T10:00');
    assert.equal(portal.statusCode, 422);
    assert.equal(portal.json().code, 'BRANCH_CHANNEL');
    assert.equal((await q('channel=centre&branch=gov4c')).json().code, 'UNKNOWN_BRANCH');
  });
});
