/**
 * Processes as executable data (issue 9): the loader refuses a process graph that cannot run,
 * naming the file and the JSON path, and every real definition's status paths are ones the
 * status table allows, ending in a terminal status.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { canTransition } from '../src/applications/status.ts';
import { makeIin } from '../src/ids/iin.ts';
import { firstStep, nextEntry, stepById, stepLimit, TERMINAL_STATUSES, walkStatusPaths } from '../src/process/engine.ts';
import { DefinitionError, loadDefinitions, SCHEMA_FILE, SERVICES_DIR } from '../src/registry/loader.ts';
import type { ApplicationStatus, Decision, Process, ServiceDefinition, StepKind } from '../src/registry/types.ts';

const i18n = (s: string) => ({ kk: `${s} (kk)`, ru: `${s} (ru)`, en: s });
const APPROVE = { field: '$decision', op: 'eq', value: 'approve' };
const REFUSE = { field: '$decision', op: 'eq', value: 'refuse' };

/** The office flow every channel runs: intake → delivery → register → assign → decide → sign → issue. */
function officeSteps(): Loose[] {
  return [
    { id: 'intake', kind: 'intake', actor: 'applicant', action: i18n('Submits'), next: [{ to: 'deliver' }], status: 'submitted' },
    { id: 'deliver', kind: 'automatic', actor: 'provider-system', action: i18n('Delivered'), next: [{ to: 'register' }], status: 'delivered' },
    { id: 'register', kind: 'register', actor: 'provider-clerk', action: i18n('Registers'), next: [{ to: 'assign' }], status: 'registered' },
    { id: 'assign', kind: 'assign', actor: 'provider-head', action: i18n('Assigns'), next: [{ to: 'decide' }], status: 'in-progress' },
    {
      id: 'decide',
      kind: 'decide',
      actor: 'responsible-executor',
      action: i18n('Decides'),
      limit: { amount: 3, unit: 'working-days' },
      limitIf: [{ amount: 15, unit: 'calendar-days', condition: { when: { field: 'late', op: 'eq', value: true }, label: i18n('late') } }],
      next: [
        { to: 'sign', decision: 'approve' },
        { to: 'sign', decision: 'refuse' },
        { to: 'decide', decision: 'extend', status: 'extended' },
      ],
    },
    {
      id: 'sign',
      kind: 'sign',
      actor: 'provider-head',
      action: i18n('Signs'),
      next: [
        { to: 'result', condition: APPROVE, status: 'result-ready' },
        { to: 'refusal', condition: REFUSE, status: 'refused' },
      ],
    },
    { id: 'result', kind: 'automatic', actor: 'portal', action: i18n('To the cabinet'), next: [{ to: 'end' }], status: 'issued', outcome: 'result' },
    { id: 'refusal', kind: 'automatic', actor: 'portal', action: i18n('Refusal to the cabinet'), next: [{ to: 'end' }], outcome: 'refusal' },
  ];
}

/** A small valid definition with the office flow on the portal; tests break one thing at a time. */
function minimal(): Loose {
  return {
    code: 'demo',
    version: 1,
    effectiveFrom: '2020-01-01',
    legalAct: { kind: 'standard', title: i18n('Demo standard') },
    digestRef: 'S99',
    name: i18n('Demo service'),
    sphere: 'archives',
    categories: ['archives'],
    provider: { kind: 'archive', name: i18n('Demo archive') },
    recipients: ['individual'],
    channels: ['portal'],
    automation: 'partially-automated',
    terms: [{ id: 'main', channels: ['portal'], amount: 5, unit: 'working-days', label: i18n('5 working days') }],
    extensions: [{ id: 'more', maxAmount: 10, unit: 'calendar-days', noticeWithin: { amount: 2, unit: 'working-days' }, reason: i18n('requests') }],
    fees: { kind: 'free', items: [], exemptions: [] },
    documents: [{ id: 'e-request', name: i18n('E-request'), channels: ['portal'], form: 'e-request' }],
    fetchedData: [],
    result: { description: i18n('A reference'), form: 'electronic', decisionFields: [{ name: 'text', type: 'text', required: true, label: i18n('Text') }] },
    refusalGrounds: [{ id: 'no-record', text: i18n('No record') }],
    complaints: [],
    process: { portal: { steps: officeSteps() } },
    form: {
      fields: [
        { name: 'applicantIin', type: 'iin', required: true, label: i18n('IIN'), role: 'applicant', bindsTo: 'signer-iin' },
        { name: 'late', type: 'boolean', required: false, label: i18n('Late') },
      ],
      example: { applicantIin: makeIin('1990-01-01', 'male') },
    },
    ambiguities: [],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are plain JSON mutated freely by each test
type Loose = Record<string, any>;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fixture(def: Loose): string {
  const root = mkdtempSync(join(tmpdir(), 'qyzmet-process-'));
  dirs.push(root);
  mkdirSync(join(root, 'services', 'demo'), { recursive: true });
  writeFileSync(join(root, 'services', 'demo', 'v1.yaml'), stringify(def));
  return join(root, 'services');
}

const withChange = (change: (d: Loose, steps: Loose) => void) => {
  const d = minimal();
  change(d, d.process.portal.steps);
  return d;
};

function expectBroken(def: Loose, want: { path: string; rule: string; detail?: RegExp }) {
  assert.throws(
    () => loadDefinitions({ dir: fixture(def), schemaFile: SCHEMA_FILE }),
    (e: unknown) => {
      assert.ok(e instanceof DefinitionError, `expected DefinitionError, got ${String(e)}`);
      assert.equal(e.file, 'services/demo/v1.yaml');
      assert.equal(e.path, want.path, e.message);
      assert.equal(e.rule, want.rule, e.message);
      if (want.detail) assert.match(e.message, want.detail);
      return true;
    },
  );
}

/** Loads one service directory of the repository on its own (so one broken service does not hide another). */
function loadOne(code: string): ServiceDefinition[] {
  const root = mkdtempSync(join(tmpdir(), 'qyzmet-process-real-'));
  dirs.push(root);
  mkdirSync(join(root, 'services'));
  cpSync(join(SERVICES_DIR, code), join(root, 'services', code), { recursive: true });
  return loadDefinitions({ dir: join(root, 'services'), schemaFile: SCHEMA_FILE });
}

describe('loader: process graphs that cannot run are refused', () => {
  test('the fixture itself loads', () => {
    const [d] = loadDefinitions({ dir: fixture(minimal()), schemaFile: SCHEMA_FILE });
    assert.equal(d?.process.portal?.steps.length, 8);
  });

  test('a step without a kind (schema)', () => {
    expectBroken(
      withChange((_, s) => delete s[2].kind),
      { path: '/process/portal/steps/2/kind', rule: 'required' },
    );
  });

  test('the first step is not the intake step; a second intake step', () => {
    expectBroken(
      withChange((_, s) => (s[0].kind = 'register')),
      { path: '/process/portal/steps/0/kind', rule: 'intake-first' },
    );
    expectBroken(
      withChange((_, s) => (s[1].kind = 'intake')),
      { path: '/process/portal/steps/1/kind', rule: 'intake-first', detail: /second intake/ },
    );
  });

  test('an undefined next step', () => {
    expectBroken(
      withChange((_, s) => (s[3].next[0].to = 'decid')),
      { path: '/process/portal/steps/3/next/0/to', rule: 'step-reference', detail: /'decid'/ },
    );
  });

  test('an unreachable step', () => {
    expectBroken(
      withChange((_, s) => s.push({ id: 'orphan', kind: 'issue', actor: 'provider-clerk', action: i18n('Nobody calls me'), next: [{ to: 'end' }], outcome: 'end' })),
      { path: '/process/portal/steps/8', rule: 'unreachable-step' },
    );
  });

  test('a loop with no way to the end', () => {
    expectBroken(
      withChange((_, s) => {
        s[4].next.push({ to: 'limbo', decision: 'return', status: 'returned' });
        s.push({ id: 'limbo', kind: 'issue', actor: 'provider-clerk', action: i18n('Round and round'), next: [{ to: 'limbo' }] });
      }),
      { path: '/process/portal/steps/8/next', rule: 'no-end', detail: /'limbo'/ },
    );
  });

  test('an unknown role: a person’s step without a staff role, an automatic step by a person', () => {
    expectBroken(
      withChange((_, s) => (s[2].actor = 'applicant')),
      { path: '/process/portal/steps/2/actor', rule: 'unknown-role', detail: /register step/ },
    );
    expectBroken(
      withChange((_, s) => (s[5].actor = 'state-system')),
      { path: '/process/portal/steps/5/actor', rule: 'unknown-role' },
    );
    expectBroken(
      withChange((_, s) => (s[1].actor = 'provider-clerk')),
      { path: '/process/portal/steps/1/actor', rule: 'unknown-role', detail: /automatic step/ },
    );
  });

  test('a decision the step’s kind cannot offer', () => {
    expectBroken(
      withChange((_, s) => s[5].next.push({ to: 'result', decision: 'approve' })),
      { path: '/process/portal/steps/5/next/2/decision', rule: 'step-decision', detail: /sign step cannot offer 'approve'/ },
    );
    expectBroken(
      withChange((_, s) => s[1].next.push({ to: 'register', decision: 'refuse' })),
      { path: '/process/portal/steps/1/next/1/decision', rule: 'step-decision', detail: /no decisions/ },
    );
  });

  test('a decide step without decisions', () => {
    expectBroken(
      withChange((_, s) => (s[4].next = [{ to: 'sign' }])),
      { path: '/process/portal/steps/4/next', rule: 'step-decision' },
    );
  });

  test('refusal grounds no step can refuse by; extensions no step can extend by', () => {
    expectBroken(
      withChange((_, s) => (s[4].next = s[4].next.filter((n: Loose) => n.decision !== 'refuse'))),
      { path: '/refusalGrounds', rule: 'decision-not-offered', detail: /'refuse'/ },
    );
    expectBroken(
      withChange((_, s) => (s[4].next = s[4].next.filter((n: Loose) => n.decision !== 'extend'))),
      { path: '/extensions', rule: 'decision-not-offered', detail: /'extend'/ },
    );
  });

  test('extend and request-data stay on their step', () => {
    expectBroken(
      withChange((_, s) => (s[4].next[2].to = 'sign')),
      { path: '/process/portal/steps/4/next/2/to', rule: 'decision-target' },
    );
    expectBroken(
      withChange((_, s) => s[4].next.push({ to: 'assign', decision: 'request-data' })),
      { path: '/process/portal/steps/4/next/3/to', rule: 'decision-target' },
    );
  });

  test('conditions in next entries and limitIf name form fields, context or process variables', () => {
    expectBroken(
      withChange((_, s) => (s[5].next[0].condition = { field: '$verdict', op: 'eq', value: 'approve' })),
      { path: '/process/portal/steps/5/next/0/condition', rule: 'condition-field', detail: /'\$verdict'/ },
    );
    expectBroken(
      withChange((_, s) => (s[4].limitIf[0].condition.when = { field: 'lateness', op: 'present' })),
      { path: '/process/portal/steps/4/limitIf/0/condition/when', rule: 'condition-field', detail: /'lateness'/ },
    );
    // the same conditions with known names load
    loadDefinitions({ dir: fixture(withChange((_, s) => (s[1].next[0].condition = { field: '$intake', op: 'eq', value: 'portal' }))), schemaFile: SCHEMA_FILE });
  });

  test('a step limit in calendar months ("1 month") loads; days and months are whole numbers; an unknown unit is refused', () => {
    const [d] = loadDefinitions({
      dir: fixture(
        withChange((_, s) => {
          s[4].limit = { amount: 1, unit: 'calendar-months' };
          s[4].limitIf[0] = { ...s[4].limitIf[0], amount: 2, unit: 'calendar-months' };
        }),
      ),
      schemaFile: SCHEMA_FILE,
    });
    const decide = d!.process.portal!.steps[4]!;
    assert.deepEqual(decide.limit, { amount: 1, unit: 'calendar-months' });
    assert.deepEqual(stepLimit(decide, { values: { late: true } }), { amount: 2, unit: 'calendar-months' });
    expectBroken(
      withChange((_, s) => (s[4].limit = { amount: 1.5, unit: 'calendar-months' })),
      { path: '/process/portal/steps/4/limit/amount', rule: 'step-limit', detail: /whole number/ },
    );
    expectBroken(
      withChange((_, s) => (s[4].limitIf[0].amount = 2.5)),
      { path: '/process/portal/steps/4/limitIf/0/amount', rule: 'step-limit' },
    );
    expectBroken(
      withChange((_, s) => (s[4].limit = { amount: 1, unit: 'months' })),
      { path: '/process/portal/steps/4/limit/unit', rule: 'enum' },
    );
    // hours may be fractional ("1.5 hours")
    loadDefinitions({ dir: fixture(withChange((_, s) => (s[4].limit = { amount: 1.5, unit: 'hours' }))), schemaFile: SCHEMA_FILE });
  });

  test('a connector only on automatic steps, setting a process variable', () => {
    expectBroken(
      withChange((_, s) => (s[2].connector = { system: 'persons', operation: 'persons.getPerson' })),
      { path: '/process/portal/steps/2/connector', rule: 'connector' },
    );
    expectBroken(
      withChange((_, s) => (s[1].connector = { system: 'civil-registry', operation: 'civil-registry.find-act', sets: '$record' })),
      { path: '/process/portal/steps/1/connector/sets', rule: 'connector' },
    );
  });

  test('a status path the status table forbids names the entry and the path', () => {
    // the head assigns and the application jumps back to delivered: registered → delivered is forbidden
    expectBroken(
      withChange((_, s) => (s[3].status = 'delivered')),
      { path: '/process/portal/steps/3/next/0', rule: 'status-path', detail: /registered → delivered.*intake → deliver → register → assign/ },
    );
    // a refusal signed straight from the register step: registered → issued
    expectBroken(
      withChange((_, s) => (s[2].status = 'issued')),
      { path: '/process/portal/steps/2/next/0', rule: 'status-path', detail: /delivered → issued/ },
    );
  });

  test('a path that ends outside a terminal status', () => {
    expectBroken(
      withChange((_, s) => (s[6].status = undefined)),
      { path: '/process/portal/steps/6/next/0', rule: 'status-path', detail: /ends in 'result-ready'/ },
    );
  });
});

describe('walkStatusPaths', () => {
  const proc = minimal().process.portal as Process;

  test('lists every path from draft, following the decision taken into the signature', () => {
    const { paths, problems } = walkStatusPaths(proc);
    assert.deepEqual(problems, []);
    const shown = paths.map((p) => p.hops.map((h) => `${h.step}${h.decision ? `(${h.decision})` : ''}:${h.status}`).join(' '));
    assert.deepEqual(shown, [
      'intake:submitted deliver:delivered register:registered assign:in-progress decide(approve):in-progress sign:result-ready result:issued',
      'intake:submitted deliver:delivered register:registered assign:in-progress decide(refuse):in-progress sign:refused refusal:refused',
      'intake:submitted deliver:delivered register:registered assign:in-progress decide(extend):extended decide(approve):extended sign:result-ready result:issued',
      'intake:submitted deliver:delivered register:registered assign:in-progress decide(extend):extended decide(refuse):extended sign:refused refusal:refused',
    ]);
  });

  test('with another status table the same graph is refused', () => {
    const strict = (from: ApplicationStatus, to: ApplicationStatus) => !(from === 'extended' && to === 'refused') && canTransition(from, to);
    const { problems } = walkStatusPaths(proc, { allowed: strict });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.problem, 'forbidden-status');
    assert.deepEqual([problems[0]?.hop.step, problems[0]?.hop.from, problems[0]?.hop.status], ['sign', 'extended', 'refused']);
  });
});

const codes = readdirSync(SERVICES_DIR).filter((c) => statSync(join(SERVICES_DIR, c)).isDirectory()).sort();

describe('every real definition: status paths the table allows, ending in a terminal status', () => {
  for (const code of codes) {
    test(code, () => {
      for (const d of loadOne(code)) {
        for (const [channel, proc] of Object.entries(d.process)) {
          const { paths, problems } = walkStatusPaths(proc as Process);
          assert.deepEqual(problems, [], `${code} v${d.version} ${channel}`);
          assert.ok(paths.length > 0, `${code} v${d.version} ${channel}: some path`);
          for (const p of paths) assert.ok(TERMINAL_STATUSES.includes(p.end), `${code} ${channel}: ends in ${p.end}`);
          assert.ok(paths.some((p) => p.end === 'issued'), `${code} ${channel}: a path issues the result`);
        }
      }
    });
  }
});

/**
 * Runs a channel with the engine's own rules: the executor takes `decision`, every other step
 * completes by its entry for the context. Returns the kinds met and the final status.
 */
function drive(proc: Process, decision: Decision): { kinds: StepKind[]; statuses: ApplicationStatus[]; steps: string[] } {
  let step = firstStep(proc);
  let status: ApplicationStatus = 'draft';
  let taken: Decision | undefined;
  const kinds: StepKind[] = [];
  const statuses: ApplicationStatus[] = [];
  const steps: string[] = [];
  for (let guard = 0; guard < 30; guard++) {
    kinds.push(step.kind);
    steps.push(step.id);
    const entry = nextEntry(step, step.kind === 'decide' ? { decision } : {}, { values: { $decision: taken } });
    assert.ok(entry, `${step.id}: an entry applies`);
    if (step.kind === 'decide') taken = decision;
    const entered: ApplicationStatus = entry.status ?? step.status ?? status;
    assert.ok(entered === status || canTransition(status, entered), `${step.id}: ${status} → ${entered}`);
    status = entered;
    statuses.push(status);
    if (entry.to === 'end') return { kinds, statuses, steps };
    step = stepById(proc, entry.to) as typeof step;
    assert.ok(step, entry.to);
  }
  throw new Error('the process does not end');
}

describe('portal channels run to a signed decision, approved and refused', () => {
  for (const code of ['archival-reference', 'guardianship-reference']) {
    test(code, () => {
      const [d] = loadOne(code);
      const portal = d?.process.portal as Process;
      const approved = drive(portal, 'approve');
      assert.deepEqual(approved.kinds, ['intake', 'automatic', 'register', 'assign', 'decide', 'sign', 'automatic']);
      assert.deepEqual(approved.statuses, ['submitted', 'delivered', 'registered', 'in-progress', 'in-progress', 'result-ready', 'issued']);
      const refused = drive(portal, 'refuse');
      assert.deepEqual(refused.kinds, approved.kinds);
      assert.equal(refused.statuses.at(-1), 'refused');
      assert.equal(refused.statuses.at(-2), 'refused', 'the signature enters refused');
      // people work every office step; the signature is the head's
      const sign = portal.steps.find((s) => s.kind === 'sign');
      assert.equal(sign?.actor, 'provider-head');
      assert.equal(portal.steps.find((s) => s.kind === 'decide')?.actor, 'responsible-executor');
      assert.ok(d?.result.decisionFields && d.result.decisionFields.length >= 5, 'the decision has its fields');
    });
  }

  test('archival reference: the applicant’s minute-steps are timings of the intake, the executor has the 15 days', () => {
    const [d] = loadOne('archival-reference');
    const portal = d?.process.portal as Process;
    const intake = firstStep(portal);
    assert.equal(intake.timings?.length, 3);
    assert.deepEqual(intake.timings?.[0]?.limit, { amount: 60, unit: 'seconds', minAmount: 30 });
    assert.ok(!portal.steps.some((s) => /EDS not confirmed|violations in the user data/i.test(s.action.en)), 'pre-submission refusals are no steps');
    const decide = portal.steps.find((s) => s.kind === 'decide');
    assert.deepEqual(decide && stepLimit(decide, { values: {} }), { amount: 15, unit: 'calendar-days' });
    assert.deepEqual(
      d?.result.decisionFields?.map((f) => f.name),
      ['referenceType', 'period', 'content', 'basis', 'archivist'],
    );
  });

  test('centre channels can return the package to the centre, with status returned', () => {
    for (const code of ['guardianship-reference', 'minor-deposit-reference', 'archival-reference']) {
      const [d] = loadOne(code);
      const centre = d?.process.centre as Process;
      const returned = drive(centre, 'return');
      assert.equal(returned.statuses.at(-1), 'returned', code);
      assert.deepEqual(returned.kinds.slice(-2), ['decide', 'issue'], `${code}: the centre informs the recipient`);
    }
  });
});
