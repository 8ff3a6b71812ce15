/**
 * The 17 service definitions: they load, their examples validate, and the data
 * the digest fixes (terms, conditions, fees, versions, two-party flows…) is there.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { walkStatusPaths } from '../src/process/engine.ts';
import { evaluateCondition } from '../src/registry/conditions.ts';
import { validateForm } from '../src/registry/form.ts';
import { loadDefinitions, SERVICES_DIR } from '../src/registry/loader.ts';
import { Registry } from '../src/registry/registry.ts';
import type { Channel, ServiceDefinition, Term } from '../src/registry/types.ts';

const CODES: Record<string, string> = {
  S1: 'end-user-certificate',
  S2: 'processing-permit',
  S3: 'civil-record-restoration',
  S4: 'address-reference',
  S5: 'identity-document',
  S6: 'archival-reference',
  S7: 'birth-registration',
  S8: 'marriage-registration',
  S9: 'civil-repeat-certificate',
  S10: 'paternity-registration',
  S11: 'name-change-registration',
  S12: 'civil-record-restoration-wko',
  S13: 'death-registration',
  S14: 'adoption-registration',
  S15: 'divorce-registration',
  S16: 'guardianship-reference',
  S17: 'minor-deposit-reference',
};
const REPEALED_001_003 = ['archival-reference', 'birth-registration', 'marriage-registration', 'civil-repeat-certificate', 'paternity-registration', 'name-change-registration', 'civil-record-restoration-wko', 'death-registration', 'adoption-registration', 'divorce-registration'];

const all = loadDefinitions();
const registry = new Registry(all);
const NOW = new Date('2025-06-01T12:00:00+05:00');
const current = (code: string) => registry.inForce(code, NOW) as ServiceDefinition;

/** Same rule as the deadline module: first term for the channel whose condition holds. */
function pickTerm(def: ServiceDefinition, channel: Channel, values: Record<string, unknown>, workingDaysBetween?: (a: string, b: string) => number): Term | undefined {
  const ctx = { values: { ...values, $channel: channel }, workingDaysBetween };
  return def.terms.find((t) => t.channels.includes(channel) && (!t.condition || evaluateCondition(t.condition.when, ctx)));
}
function feesFor(def: ServiceDefinition, values: Record<string, unknown>) {
  return def.fees.items.filter((f) => !f.condition || evaluateCondition(f.condition.when, { values })).map((f) => [f.id, f.mci]);
}

describe('all definitions', () => {
  test('every file loads: 17 services, one file per version', () => {
    const files = readdirSync(SERVICES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(SERVICES_DIR, d.name)).filter((f) => /^v\d+\.yaml$/.test(f)));
    assert.equal(all.length, files.length);
    assert.deepEqual(registry.codes(), Object.values(CODES).sort());
    for (const [ref, code] of Object.entries(CODES)) {
      const d = current(code);
      assert.ok(d, `${code} has a version in force`);
      assert.equal(d.digestRef, ref);
    }
  });

  test('each example validates against its own form, and the empty form does not', () => {
    for (const d of all) {
      assert.deepEqual(validateForm(d, d.form.example), [], `${d.code}@${d.version}`);
      assert.ok(validateForm(d, {}).some((e) => e.code === 'REQUIRED'), `${d.code}: some field is required`);
    }
  });

  test('every portal service has a realistic form (at least 4 fields, a phone or e-mail)', () => {
    for (const code of registry.codes()) {
      const d = current(code);
      if (!d.channels.includes('portal')) continue;
      assert.ok(d.form.fields.length >= 4, code);
      assert.ok(d.form.fields.some((f) => f.type === 'phone' || f.type === 'email'), code);
    }
  });

  test('every definition records its ambiguity readings, and each YAML file explains itself in comments', () => {
    for (const code of registry.codes()) {
      assert.ok(current(code).ambiguities.length > 0, code);
      const text = readFileSync(join(SERVICES_DIR, code, 'v1.yaml'), 'utf8');
      assert.match(text, /^# S\d+ — /, code);
      assert.match(text, /digest §5|digest §3/, code);
    }
  });

  test('every process ends in a result and in a refusal or end', () => {
    for (const d of all) {
      for (const [channel, p] of Object.entries(d.process)) {
        const outcomes = new Set(p?.steps.map((s) => s.outcome));
        assert.ok(outcomes.has('result'), `${d.code} ${channel} has a result`);
        assert.ok(outcomes.has('refusal') || outcomes.has('end'), `${d.code} ${channel} has a negative end`);
      }
    }
  });
});

describe('versions of repealed acts (001, 003)', () => {
  for (const code of REPEALED_001_003) {
    test(code, () => {
      const [v1, v2] = registry.versions(code) as [ServiceDefinition, ServiceDefinition];
      assert.ok(v1.legalAct.repealedBy, 'v1 names the repealing act');
      assert.equal(v1.effectiveTo, v2.effectiveFrom);
      assert.equal(v2.legalAct.kind, 'working-edition');
      assert.equal(v2.inherits, 1);
      assert.ok(v2.effectiveTo === null || v2.effectiveTo === undefined);
      assert.deepEqual(v2.process, v1.process);
      assert.deepEqual(v2.terms, v1.terms);
      const raw = readFileSync(join(SERVICES_DIR, code, 'v2.yaml'), 'utf8');
      assert.match(raw, /not in Qyzmet's source\s+(# )?corpus/);
      assert.ok(!/^terms:/m.test(raw), 'v2 overrides only what changes');
    });
  }
  test('archival reference: act 08.05.2012 – 10.04.2014; WKO: 21.12.2016 – 01.06.2020', () => {
    const [a1] = registry.versions('archival-reference') as [ServiceDefinition];
    assert.deepEqual([a1.effectiveFrom, a1.effectiveTo], ['2012-05-08', '2014-04-10']);
    const [b1] = registry.versions('birth-registration') as [ServiceDefinition];
    assert.deepEqual([b1.effectiveFrom, b1.effectiveTo], ['2016-12-21', '2020-06-01']);
  });
  test('acts in force have one version without an end date', () => {
    for (const code of ['end-user-certificate', 'processing-permit', 'civil-record-restoration', 'address-reference', 'identity-document', 'guardianship-reference', 'minor-deposit-reference']) {
      const vs = registry.versions(code);
      assert.equal(vs.length, 1, code);
      assert.ok(!vs[0]?.effectiveTo, code);
    }
  });
});

describe('terms', () => {
  test('S1: 10 working days when the applicant is in Astana, otherwise 20', () => {
    const d = current('end-user-certificate');
    assert.equal(pickTerm(d, 'centre', { $region: 'astana' })?.amount, 10);
    assert.equal(pickTerm(d, 'centre', { $region: 'pavlodar' })?.amount, 20);
    assert.equal(pickTerm(d, 'portal', {})?.amount, 20);
    assert.equal(pickTerm(d, 'centre', {})?.unit, 'working-days');
  });

  test('S7: birth registered more than 3 working days after the birth takes 15 calendar days', () => {
    const d = current('birth-registration');
    // stub calendar: Monday 2025-03-03 birth; filed Thursday = 3 working days later, Friday = 4
    const wdb = (_from: string, to: string) => ({ '2025-03-06': 3, '2025-03-07': 4 })[to] ?? 0;
    const reg = { requestType: 'registration', childBirthDate: '2025-03-03' };
    assert.deepEqual(pick(pickTerm(d, 'provider', { ...reg, $filedAt: '2025-03-06T10:00:00+05:00' }, wdb)), [1, 'working-days']);
    assert.deepEqual(pick(pickTerm(d, 'provider', { ...reg, $filedAt: '2025-03-07T10:00:00+05:00' }, wdb)), [15, 'calendar-days']);
    assert.deepEqual(pick(pickTerm(d, 'centre', { requestType: 'amendment' })), [15, 'calendar-days']);
    // amendments are not lodged on the portal: the portal never picks the amendment term
    assert.equal(pickTerm(d, 'portal', { requestType: 'amendment' })?.id, 'registration');
  });

  test('S6: "15 days" read as calendar days on every channel', () => {
    const d = current('archival-reference');
    for (const c of d.channels) assert.deepEqual(pick(pickTerm(d, c, {})), [15, 'calendar-days']);
    assert.ok(d.ambiguities.some((a) => a.ref.includes('§5.22') && /calendar/.test(a.reading)));
  });

  test('S3 vs S12: the two restoration regimes', () => {
    const s3 = current('civil-record-restoration');
    const s12 = current('civil-record-restoration-wko');
    assert.deepEqual(s3.channels, ['centre']);
    assert.deepEqual(pick(s3.terms[0]), [15, 'calendar-days']);
    assert.deepEqual([s3.extensions[0]?.maxAmount, s3.extensions[0]?.noticeWithin], [15, { amount: 2, unit: 'working-days' }]);
    assert.deepEqual(s12.channels, ['provider', 'centre']);
    assert.deepEqual(pick(s12.terms[0]), [14, 'calendar-days']);
    assert.deepEqual([s12.extensions[0]?.maxAmount, s12.extensions[0]?.noticeWithin], [30, { amount: 3, unit: 'calendar-days' }]);
  });

  test('S9: extension "up to 30 calendar days" is a total term', () => {
    const d = current('civil-repeat-certificate');
    assert.equal(d.extensions[0]?.totalTerm, true);
    assert.equal(pickTerm(d, 'portal', { documentKind: 'reference', actRegistrationYear: 2012, registeredElsewhere: false })?.unit, 'hours');
    assert.equal(pickTerm(d, 'centre', { documentKind: 'repeat-certificate', actRegistrationYear: 2012, registeredElsewhere: false })?.amount, 5);
    assert.equal(pickTerm(d, 'centre', { documentKind: 'reference', actRegistrationYear: 2001, registeredElsewhere: true })?.amount, 30);
  });

  test('S16/S17: days of acceptance and of issuance are not counted at the centre', () => {
    for (const code of ['guardianship-reference', 'minor-deposit-reference']) {
      const d = current(code);
      const centre = pickTerm(d, 'centre', {}) as Term;
      assert.deepEqual([centre.amount, centre.unit, centre.excludeIssuanceDay], [5, 'working-days', true]);
      assert.equal(d.result.validity?.amount, 1);
      assert.equal(d.result.validity?.unit, 'months');
    }
  });

  test('S15: court-based divorce 2 working days; decision from another territory 30 calendar days', () => {
    const d = current('divorce-registration');
    const base = { requestType: 'registration' };
    assert.deepEqual(pick(pickTerm(d, 'provider', { ...base, divorceGround: 'mutual-consent' })), [1, 'working-days']);
    assert.deepEqual(pick(pickTerm(d, 'centre', { ...base, divorceGround: 'court-decision', courtDecisionElsewhere: false })), [2, 'working-days']);
    assert.deepEqual(pick(pickTerm(d, 'centre', { ...base, divorceGround: 'spouse-missing', courtDecisionElsewhere: true })), [30, 'calendar-days']);
  });
});

const pick = (t?: Term) => [t?.amount, t?.unit];

describe('fees', () => {
  test('S15 divorce: 2 / 1.5 / 0.1 MCI; "not less than 3 years" reading', () => {
    const d = current('divorce-registration');
    const r = { requestType: 'registration' };
    assert.deepEqual(feesFor(d, { ...r, divorceGround: 'mutual-consent', hasMinorChildren: false }), [['mutual-consent', 2]]);
    assert.deepEqual(feesFor(d, { ...r, divorceGround: 'court-decision' }), [['court-decision', 1.5]]);
    assert.deepEqual(feesFor(d, { ...r, divorceGround: 'spouse-missing' }), [['court-decision-special', 0.1]]);
    assert.deepEqual(feesFor(d, { ...r, divorceGround: 'spouse-imprisoned', spouseSentenceYears: 3 }), [['court-decision-special', 0.1]]);
    assert.deepEqual(feesFor(d, { ...r, divorceGround: 'spouse-imprisoned', spouseSentenceYears: 2 }), [['court-decision', 1.5]]);
    assert.deepEqual(feesFor(d, { requestType: 'amendment' }), [['amendment-certificate', 0.5]]);
    assert.ok(d.ambiguities.some((a) => a.ref.includes('§5.6')));
  });

  test('free services and MCI rates', () => {
    for (const code of ['end-user-certificate', 'processing-permit', 'guardianship-reference', 'minor-deposit-reference']) assert.equal(current(code).fees.kind, 'free', code);
    assert.deepEqual(feesFor(current('marriage-registration'), { requestType: 'registration' }), [['registration', 1]]);
    assert.deepEqual(feesFor(current('name-change-registration'), { requestType: 'registration' }), [['registration', 2]]);
    assert.deepEqual(feesFor(current('birth-registration'), { requestType: 'registration' }), [['registration', 0]]);
    assert.deepEqual(feesFor(current('adoption-registration'), { requestType: 'registration', adopterCitizenship: 'foreign' }), [['registration-foreigners', 2]]);
    assert.deepEqual(feesFor(current('civil-repeat-certificate'), { documentKind: 'reference', requestFrom: 'kazakhstan' }), [['reference', 0.3]]);
    assert.deepEqual(feesFor(current('civil-repeat-certificate'), { documentKind: 'repeat-certificate', requestFrom: 'cis' }), [['request-from-cis', 0.5]]);
    const s3 = current('civil-record-restoration');
    assert.equal(s3.fees.items[0]?.mci, 0.5);
    assert.equal(s3.fees.exemptions.length, 2);
  });
});

describe('forms and flows', () => {
  test('S8/S15: two-party portal flow with the 48-hour rule and a second applicant IIN', () => {
    for (const code of ['marriage-registration', 'divorce-registration']) {
      const d = current(code);
      assert.ok(d.form.fields.some((f) => f.name === 'secondApplicantIin' && f.type === 'iin'), code);
      // Both recipients' portal steps (fill in, pay, sign; the second signs within 48 hours) are the one intake step.
      const steps = d.process.portal?.steps ?? [];
      const intake = steps[0];
      assert.equal(intake?.kind, 'intake', code);
      assert.ok(intake.timings?.some((t) => t.limit.unit === 'clock-hours' && t.limit.amount === 48), `${code}: 48-clock-hour timing of the intake`);
      assert.equal(steps.filter((s) => s.kind === 'intake').length, 1, `${code}: one intake`);
      // then the provider's office flow of cl.6: the executor decides, the head signs
      assert.ok(steps.some((s) => s.kind === 'decide' && s.actor === 'responsible-executor'), `${code}: executor`);
      assert.ok(steps.some((s) => s.kind === 'sign' && s.actor === 'provider-head'), `${code}: head signs`);
      const ends = new Set(walkStatusPaths(d.process.portal!).paths.map((p) => p.end));
      assert.deepEqual([...ends].sort(), ['issued', 'refused'], code);
    }
  });

  test('S4: subject self/child/spouse with a conditional subjectIin', () => {
    const d = current('address-reference');
    const subject = d.form.fields.find((f) => f.name === 'subject');
    assert.deepEqual(subject?.options?.map((o) => o.value).slice(0, 3), ['self', 'child', 'spouse']);
    assert.deepEqual(validateForm(d, { subject: 'self' }), []);
    assert.deepEqual(
      validateForm(d, { subject: 'child' }).map((e) => [e.path, e.code]),
      [['/form/subjectIin', 'REQUIRED']],
    );
  });

  test('S6: the questionnaire of annex 7', () => {
    const names = current('archival-reference').form.fields.map((f) => f.name);
    for (const n of ['subjectFullName', 'subjectNameChanges', 'subjectBirthDate', 'subjectPostalAddress', 'subjectPhone', 'informationRequested', 'purpose', 'periodFromYear', 'periodToYear', 'applicantPhone']) {
      assert.ok(names.includes(n), n);
    }
    const tables = current('archival-reference').process;
    assert.deepEqual(Object.keys(tables).sort(), ['centre', 'portal', 'provider']);
    // annex 5 tables 1–3: the minute-steps are timings of the intake (3, 4, 5 rows), then the archive's office flow
    assert.deepEqual(
      Object.fromEntries(Object.entries(tables).map(([c, p]) => [c, [p?.steps[0]?.timings?.length, p?.steps.map((s) => s.kind).join(' ')]])),
      {
        portal: [3, 'intake automatic register assign decide sign automatic automatic'],
        provider: [4, 'intake register assign decide sign issue issue'],
        centre: [5, 'intake automatic register assign decide sign dispatch issue issue issue'],
      },
    );
  });

  test('WKO provider flows follow the template: ЖАО, clerk, head, executor, head, clerk, ЖАО', () => {
    const d = current('death-registration');
    const ids = d.process.provider?.steps.map((s) => s.id) ?? [];
    for (const id of ['akimat-accept', 'akimat-forward', 'clerk-register', 'head-assign', 'executor', 'head-sign', 'clerk-out', 'akimat-issue']) assert.ok(ids.includes(id), id);
    const head = d.process.provider?.steps.find((s) => s.id === 'head-assign');
    assert.deepEqual(head?.limit, { amount: 2, unit: 'hours' });
    assert.deepEqual(d.process.provider?.steps.find((s) => s.id === 'clerk-register')?.limit, { amount: 15, unit: 'minutes' });
  });

  test('S14 adoption and S10 paternity are ЖАО/MIO only', () => {
    assert.deepEqual(current('adoption-registration').channels, ['provider']);
    assert.deepEqual(current('paternity-registration').channels, ['provider']);
  });
});
