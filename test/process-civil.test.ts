/**
 * The nine WKO civil-registration processes (S7–S15, digest §3) as executable data: the intake
 * branches by where the application was lodged, the executor's limit follows the case, the
 * signature's status follows the decision, the clerk hands the result on by the intake, the
 * centre's package may be returned, and the portal's record check refuses a missing act record.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstStep, nextEntry, statusAfter, stepActions, stepById, stepLimit, walkStatusPaths } from '../src/process/engine.ts';
import { loadDefinitions } from '../src/registry/loader.ts';
import type { Process, ProcessStep, ServiceDefinition } from '../src/registry/types.ts';

const CIVIL = [
  'birth-registration',
  'marriage-registration',
  'civil-repeat-certificate',
  'paternity-registration',
  'name-change-registration',
  'civil-record-restoration-wko',
  'death-registration',
  'adoption-registration',
  'divorce-registration',
];
const defs = loadDefinitions();
const current = (code: string): ServiceDefinition => defs.filter((d) => d.code === code).sort((a, b) => b.version - a.version)[0] as ServiceDefinition;
const step = (p: Process | undefined, id: string): ProcessStep => {
  const s = p && stepById(p, id);
  assert.ok(s, id);
  return s;
};

/** Follows a process from its intake by the given decisions (in order, one per decide/sign/register step that needs one) in a context; returns the step ids and the final status. */
function run(p: Process, values: Record<string, unknown>, decisions: Array<'approve' | 'refuse' | 'return' | undefined>): { ids: string[]; status: string } {
  let s: ProcessStep | undefined = firstStep(p);
  let status = 'draft';
  const ids: string[] = [];
  const queue = [...decisions];
  const vars: Record<string, unknown> = { ...values };
  for (let guard = 0; s && guard < 50; guard++) {
    ids.push(s.id);
    const decision = s.kind === 'decide' ? queue.shift() : undefined;
    if (decision === 'approve' || decision === 'refuse') vars.$decision = decision;
    const e = nextEntry(s, { decision }, { values: vars });
    assert.ok(e, `${s.id}: an entry applies`);
    status = statusAfter(s, e) ?? status;
    if (e.to === 'end') break;
    s = stepById(p, e.to);
  }
  return { ids, status };
}

describe('WKO civil registration: executable processes (issue 9 item 2)', () => {
  test('every channel of the nine walks to issued, refused (or returned on the centre) only', () => {
    for (const code of CIVIL) {
      const d = current(code);
      for (const [channel, p] of Object.entries(d.process)) {
        const { paths, problems } = walkStatusPaths(p as Process);
        assert.deepEqual(problems, [], `${code} ${channel}`);
        const ends = new Set(paths.map((x) => x.end));
        assert.ok(ends.has('issued') && ends.has('refused'), `${code} ${channel}: ${[...ends]}`);
        assert.equal(ends.has('returned'), channel === 'centre', `${code} ${channel}: only the centre's package is returned`);
      }
    }
  });

  test('provider channel: through the ЖАО it is forwarded and the ЖАО issues; at the office the clerk registers and issues', () => {
    for (const code of CIVIL.filter((c) => current(c).process.provider)) {
      const p = current(code).process.provider as Process;
      const viaAkimat = run(p, { $intake: 'akimat' }, ['approve']);
      assert.deepEqual(viaAkimat.ids.slice(0, 3), ['akimat-accept', 'akimat-forward', 'clerk-register'], code);
      assert.equal(viaAkimat.ids.at(-1), 'akimat-issue', code);
      assert.equal(viaAkimat.status, 'issued', code);
      const office = run(p, { $intake: 'provider' }, ['refuse']);
      assert.deepEqual(office.ids.slice(0, 2), ['akimat-accept', 'clerk-register'], code);
      assert.equal(office.ids.at(-1), 'clerk-issue-refusal', code);
      assert.equal(office.status, 'refused', code);
      // the head signs both outcomes in one step; its status follows the decision
      const sign = step(p, 'head-sign');
      assert.equal(sign.kind, 'sign');
      assert.deepEqual(stepActions(sign), ['sign'], code);
    }
  });

  test('centre channel: the minute-steps are timings, the executor may return the package, the issuing sector issues the same day', () => {
    for (const code of CIVIL.filter((c) => current(c).process.centre)) {
      const p = current(code).process.centre as Process;
      const intake = firstStep(p);
      assert.equal(intake.actor, 'centre-operator', code);
      assert.ok((intake.timings?.length ?? 0) >= 5, `${code}: the operator's minute-steps`);
      assert.ok(intake.timings?.every((t) => t.limit.unit === 'minutes' && t.limit.amount <= 2), code);
      assert.ok(stepActions(step(p, 'executor')).includes('return'), code);
      const returned = run(p, {}, ['return']);
      assert.equal(returned.status, 'returned', code);
      const issued = run(p, {}, ['approve']);
      assert.equal(issued.ids.at(-1), 'sc-issue', code);
      assert.deepEqual(step(p, 'sc-issue').limit, { amount: 1, unit: 'same-day' }, code);
      assert.equal(step(p, 'sc-issue').actor, 'centre-issuing-sector', code);
    }
  });

  test('portal: the civil-registry check refuses a missing act record, else the office flow runs', () => {
    for (const code of ['birth-registration', 'civil-repeat-certificate', 'name-change-registration']) {
      const p = current(code).process.portal as Process;
      const check = step(p, 'p-registry-check');
      assert.equal(check.kind, 'automatic');
      assert.deepEqual(check.connector, { system: 'civil-registry', operation: 'civil-registry.find-act', sets: '$actRecord' });
      const absent = run(p, { $actRecord: 'absent' }, []);
      assert.deepEqual([absent.ids.at(-1), absent.status], ['p-no-record', 'refused'], code);
      const found = run(p, { $actRecord: 'exists', documentKind: 'reference' }, ['approve']);
      assert.ok(found.ids.includes('clerk-register') && found.ids.includes('head-sign'), code);
      assert.equal(found.status, 'issued', code);
    }
  });

  test('the executor limit follows the case (limitIf, like the terms)', () => {
    const filedAt = '2025-03-20T10:00:00+05:00';
    const birth = step(current('birth-registration').process.provider, 'executor');
    assert.deepEqual(stepLimit(birth, { values: { requestType: 'registration', childBirthDate: '2025-03-19', $filedAt: filedAt } }), { amount: 1, unit: 'working-days' });
    assert.deepEqual(stepLimit(birth, { values: { requestType: 'registration', childBirthDate: '2025-03-03', $filedAt: filedAt } }), { amount: 15, unit: 'calendar-days' }, 'late registration');
    assert.deepEqual(stepLimit(birth, { values: { requestType: 'amendment', $filedAt: filedAt } }), { amount: 15, unit: 'calendar-days' }, 'amendment');

    const divorce = step(current('divorce-registration').process.centre, 'executor');
    assert.deepEqual(stepLimit(divorce, { values: { requestType: 'registration', divorceGround: 'mutual-consent' } }), { amount: 1, unit: 'working-days' });
    assert.deepEqual(stepLimit(divorce, { values: { requestType: 'registration', divorceGround: 'court-decision', courtDecisionElsewhere: false } }), { amount: 2, unit: 'working-days' }, 'court-based');
    assert.deepEqual(stepLimit(divorce, { values: { requestType: 'registration', divorceGround: 'spouse-missing', courtDecisionElsewhere: true } }), { amount: 30, unit: 'calendar-days' }, 'court decision made elsewhere');

    const repeat = step(current('civil-repeat-certificate').process.centre, 'executor');
    assert.deepEqual(stepLimit(repeat, { values: { documentKind: 'reference', actRegistrationYear: 2012, registeredElsewhere: false } }), { amount: 4, unit: 'hours' });
    assert.deepEqual(stepLimit(repeat, { values: { documentKind: 'repeat-certificate', actRegistrationYear: 2012, registeredElsewhere: false } }), { amount: 5, unit: 'working-days' });
    assert.deepEqual(stepLimit(repeat, { values: { documentKind: 'reference', actRegistrationYear: 2012, registeredElsewhere: true } }), { amount: 30, unit: 'calendar-days' });

    const paternity = step(current('paternity-registration').process.provider, 'executor');
    assert.deepEqual(stepLimit(paternity, { values: { requestType: 'registration', birthRecordElsewhere: true } }), { amount: 30, unit: 'calendar-days' });
    assert.deepEqual(stepLimit(paternity, { values: { requestType: 'registration', birthRecordElsewhere: false } }), { amount: 4, unit: 'hours' });

    // marriage: "registers the marriage after one month from the application" — a month, not 30 days; amendments 15 calendar days
    const marriage = current('marriage-registration');
    assert.deepEqual(stepLimit(step(marriage.process.provider, 'executor'), { values: { requestType: 'registration' } }), { amount: 1, unit: 'calendar-months' });
    assert.deepEqual(stepLimit(step(marriage.process.provider, 'executor'), { values: { requestType: 'amendment' } }), { amount: 15, unit: 'calendar-days' }, 'amendment');
    assert.deepEqual(stepLimit(step(marriage.process.portal, 'executor'), { values: {} }), { amount: 1, unit: 'calendar-months' });
  });

  test('extend and request-data stay on the executor step; extension only where the definition allows one', () => {
    for (const code of CIVIL) {
      const d = current(code);
      const extendable = d.extensions.length > 0;
      let offered = false;
      for (const p of Object.values(d.process)) {
        const ex = step(p, 'executor');
        for (const n of ex.next) if (n.decision === 'extend' || n.decision === 'request-data') assert.equal(n.to, 'executor', code);
        if (ex.next.some((n) => n.decision === 'extend')) offered = true;
        assert.ok(ex.next.every((n) => n.decision !== 'extend' || n.status === 'extended'), code);
      }
      assert.equal(offered, extendable, code);
    }
  });
});
