/**
 * Registry module: loading and validation of definition files (incl. precise
 * errors for broken files), inheritance, versions in force, search.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { makeIin } from '../src/ids/iin.ts';
import { CATEGORY_CODES } from '../src/registry/categories.ts';
import { DefinitionError, loadDefinitions, SCHEMA_FILE } from '../src/registry/loader.ts';
import { fold, kzDate, MAX_QUERY_CHARS, Registry } from '../src/registry/registry.ts';
import {
  type Actor,
  type ApplicationStatus,
  CHANNELS,
  type ConditionOp,
  type DocumentForm,
  type FieldType,
  type LegalAct,
  type ServiceDefinition,
  type StateSystem,
  type Term,
} from '../src/registry/types.ts';

const i18n = (s: string) => ({ kk: `${s} (kk)`, ru: `${s} (ru)`, en: s });

/** A small valid definition; tests break one thing at a time. */
function minimal(code = 'demo', version = 1): Record<string, unknown> {
  return {
    code,
    version,
    effectiveFrom: '2020-01-01',
    legalAct: { kind: 'standard', title: i18n('Demo standard') },
    digestRef: 'S99',
    name: i18n('Demo service'),
    sphere: 'archives',
    categories: ['archives'],
    provider: { kind: 'archive', name: i18n('Demo archive') },
    recipients: ['individual'],
    channels: ['portal'],
    automation: 'fully-automated',
    terms: [{ id: 'main', channels: ['portal'], amount: 5, unit: 'working-days', label: i18n('5 working days') }],
    extensions: [],
    fees: { kind: 'free', items: [], exemptions: [] },
    documents: [{ id: 'e-request', name: i18n('E-request'), channels: ['portal'], form: 'e-request' }],
    fetchedData: [],
    result: { description: i18n('A reference'), form: 'electronic' },
    refusalGrounds: [],
    complaints: [],
    process: {
      portal: {
        steps: [
          { id: 'submit', kind: 'intake', actor: 'applicant', action: i18n('Submits'), next: [{ to: 'decide' }], status: 'submitted' },
          { id: 'decide', kind: 'automatic', actor: 'provider-system', action: i18n('Decides'), next: [{ to: 'issue' }], status: 'result-ready' },
          { id: 'issue', kind: 'automatic', actor: 'portal', action: i18n('Issues to the cabinet'), next: [{ to: 'end' }], status: 'issued', outcome: 'result' },
        ],
      },
    },
    form: {
      fields: [{ name: 'applicantIin', type: 'iin', required: true, label: i18n('IIN'), role: 'applicant', bindsTo: 'signer-iin' }],
      example: { applicantIin: makeIin('1990-01-01', 'male') },
    },
    ambiguities: [],
  };
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Write `{ 'demo/v1.yaml': object | text }` under <tmp>/services and return that dir. */
function fixture(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'qyzmet-registry-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const file = join(root, 'services', rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  }
  return join(root, 'services');
}

function expectBroken(files: Record<string, unknown>, want: { file: string; path: string; rule: string; detail?: RegExp }) {
  const dir = fixture(files);
  assert.throws(
    () => loadDefinitions({ dir }),
    (e: unknown) => {
      assert.ok(e instanceof DefinitionError, `expected DefinitionError, got ${String(e)}`);
      assert.equal(e.file, want.file);
      assert.equal(e.path, want.path);
      assert.equal(e.rule, want.rule);
      if (want.detail) assert.match(e.message, want.detail);
      assert.ok(e.message.startsWith(`${want.file}: ${want.path || '/'}: ${want.rule}: `), e.message);
      return true;
    },
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are plain JSON mutated freely by each test
type Loose = Record<string, any>;
const withChange = (change: (d: Loose) => void, code = 'demo', version = 1) => {
  const d = minimal(code, version) as Loose;
  change(d);
  return d;
};

describe('schema mirrors types.ts', () => {
  // Records keyed by each union: TypeScript rejects a missing or an extra member here,
  // the test rejects a schema enum that differs.
  const keys = (r: Record<string, true>) => Object.keys(r).sort();
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  const defs = schema.$defs;
  const actor: Record<Actor, true> = {
    applicant: true, 'second-applicant': true, portal: true, 'centre-operator': true, 'centre-issuing-sector': true, 'centre-courier': true,
    akimat: true, 'provider-clerk': true, 'provider-head': true, 'responsible-executor': true, 'provider-system': true, 'state-system': true, 'payment-gateway': true,
  };
  const status: Record<ApplicationStatus, true> = {
    draft: true, submitted: true, delivered: true, registered: true, 'in-progress': true, extended: true, 'awaiting-second-applicant': true,
    'awaiting-payment': true, returned: true, 'result-ready': true, refused: true, issued: true, unclaimed: true, annulled: true, withdrawn: true,
  };
  const form: Record<DocumentForm, true> = { original: true, copy: true, 'original-for-check': true, scan: true, 'e-request': true, data: true, 'notarised-copy': true };
  const system: Record<StateSystem, true> = { persons: true, 'legal-entities': true, notary: true, 'civil-registry': true, address: true, 'payment-gateway': true, pension: true, other: true };
  const field: Record<FieldType, true> = { string: true, text: true, date: true, iin: true, bin: true, integer: true, number: true, boolean: true, enum: true, phone: true, email: true, file: true };
  const op: Record<ConditionOp, true> = {
    eq: true, ne: true, lt: true, lte: true, gt: true, gte: true, in: true, notIn: true, present: true, absent: true, olderThanWorkingDays: true, olderThanCalendarDays: true,
  };
  const act: Record<LegalAct['kind'], true> = { standard: true, regulation: true, rules: true, decree: true, news: true, 'working-edition': true };
  const unit: Record<Term['unit'], true> = { 'working-days': true, 'calendar-days': true, 'calendar-months': true, hours: true, minutes: true };
  const sphere: Record<ServiceDefinition['sphere'], true> = { 'civil-registration': true, archives: true, family: true, industry: true, identity: true, address: true };

  test('enums are exactly the unions of types.ts', () => {
    assert.deepEqual([...defs.channel.enum].sort(), [...CHANNELS].sort());
    assert.deepEqual([...defs.actor.enum].sort(), keys(actor));
    assert.deepEqual([...defs.status.enum].sort(), keys(status));
    assert.deepEqual([...defs.document.properties.form.enum].sort(), keys(form));
    assert.deepEqual([...defs.stateSystem.enum].sort(), keys(system));
    assert.deepEqual([...defs.field.properties.type.enum].sort(), keys(field));
    assert.deepEqual([...defs.fieldCondition.properties.op.enum].sort(), keys(op));
    assert.deepEqual([...defs.legalAct.properties.kind.enum].sort(), keys(act));
    assert.deepEqual([...defs.term.properties.unit.enum].sort(), keys(unit));
    assert.deepEqual([...schema.properties.sphere.enum].sort(), keys(sphere));
    assert.deepEqual([...schema.properties.categories.items.enum].sort(), [...CATEGORY_CODES].sort());
  });
});

describe('loader: broken definitions name file, path and rule', () => {
  test('the minimal fixture itself loads', () => {
    const defs = loadDefinitions({ dir: fixture({ 'demo/v1.yaml': minimal() }) });
    assert.equal(defs.length, 1);
    assert.equal(defs[0]?.code, 'demo');
  });

  test('wrong enum value', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.terms[0].unit = 'weeks')) },
      { file: 'services/demo/v1.yaml', path: '/terms/0/unit', rule: 'enum', detail: /working-days, calendar-days, calendar-months, hours, minutes/ },
    );
  });

  test('missing kk in an I18n object', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => delete d.name.kk) },
      { file: 'services/demo/v1.yaml', path: '/name/kk', rule: 'required' },
    );
  });

  test('empty (whitespace) ru text', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.provider.name.ru = '   ')) },
      { file: 'services/demo/v1.yaml', path: '/provider/name/ru', rule: 'pattern' },
    );
  });

  test('unknown property', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.documents[0].colour = 'blue')) },
      { file: 'services/demo/v1.yaml', path: '/documents/0/colour', rule: 'additionalProperties' },
    );
  });

  test('invalid calendar date', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.effectiveFrom = '2021-02-30')) },
      { file: 'services/demo/v1.yaml', path: '/effectiveFrom', rule: 'format' },
    );
  });

  test('condition operator that needs a list', () => {
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.terms[0].condition = { when: { field: 'applicantIin', op: 'in', value: 'x' }, label: i18n('cond') };
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/terms/0/condition/when/value', rule: 'type' },
    );
  });

  test('next.to names no step of the process', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.process.portal.steps[0].next[0].to = 'decid')) },
      { file: 'services/demo/v1.yaml', path: '/process/portal/steps/0/next/0/to', rule: 'step-reference', detail: /'decid'/ },
    );
  });

  test('unreachable step', () => {
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) =>
          d.process.portal.steps.push({ id: 'orphan', kind: 'automatic', actor: 'portal', action: i18n('Nobody calls me'), next: [{ to: 'end' }] }),
        ),
      },
      { file: 'services/demo/v1.yaml', path: '/process/portal/steps/3', rule: 'unreachable-step' },
    );
  });

  test('duplicate ids', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => d.terms.push({ ...d.terms[0] })) },
      { file: 'services/demo/v1.yaml', path: '/terms/1/id', rule: 'unique-id' },
    );
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => d.process.portal.steps.push({ ...d.process.portal.steps[1] })) },
      { file: 'services/demo/v1.yaml', path: '/process/portal/steps/3/id', rule: 'unique-id' },
    );
  });

  test('channel not offered by the service', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.documents[0].channels = ['portal', 'centre'])) },
      { file: 'services/demo/v1.yaml', path: '/documents/0/channels/1', rule: 'channel-not-offered' },
    );
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.channels = ['portal', 'centre'])) },
      { file: 'services/demo/v1.yaml', path: '/process/centre', rule: 'process-missing' },
    );
  });

  test('fee exemption for an unknown fee item; free service charging duty', () => {
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.fees = { kind: 'state-duty', items: [{ id: 'duty', mci: 1, label: i18n('1 MCI') }], exemptions: [{ id: 'x', label: i18n('x'), appliesTo: ['dutty'], condition: { when: { field: 'applicantIin', op: 'present' }, label: i18n('x') } }] };
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/fees/exemptions/0/appliesTo/0', rule: 'reference' },
    );
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.fees.items = [{ id: 'duty', mci: 0.5, label: i18n('0.5 MCI') }])) },
      { file: 'services/demo/v1.yaml', path: '/fees/items/0/mci', rule: 'fees-free' },
    );
  });

  test('fee exemptions: a condition is required; duty not stated has no items and says so', () => {
    const duty = { id: 'duty', mci: 1, label: i18n('1 MCI') };
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.fees = { kind: 'state-duty', items: [duty], exemptions: [{ id: 'x', label: i18n('veterans'), appliesTo: ['duty'] }] })) },
      { file: 'services/demo/v1.yaml', path: '/fees/exemptions/0/condition', rule: 'required' },
    );
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.fees = { kind: 'state-duty', items: [duty], exemptions: [{ id: 'x', label: i18n('x'), condition: { when: { field: 'actType', op: 'eq', value: 'birth' }, label: i18n('birth') } }] };
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/fees/exemptions/0/condition/when', rule: 'condition-field', detail: /actType/ },
    );
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.fees = { kind: 'not-stated', items: [duty], exemptions: [], note: i18n('ask') })) },
      { file: 'services/demo/v1.yaml', path: '/fees/items', rule: 'fees-not-stated' },
    );
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.fees = { kind: 'not-stated', items: [], exemptions: [] })) },
      { file: 'services/demo/v1.yaml', path: '/fees/note', rule: 'fees-not-stated' },
    );
    // `$feeExempt` is for document conditions only.
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.terms[0].condition = { when: { field: '$feeExempt', op: 'eq', value: true }, label: i18n('exempt') })) },
      { file: 'services/demo/v1.yaml', path: '/terms/0/condition/when', rule: 'condition-field', detail: /\$feeExempt/ },
    );
    const dir = fixture({ 'demo/v1.yaml': withChange((d) => (d.documents[0].condition = { when: { field: '$feeExempt', op: 'eq', value: false }, label: i18n('not exempt') })) });
    assert.equal(loadDefinitions({ dir }).length, 1);
  });

  test('condition over an unknown field', () => {
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.documents[0].condition = { when: { field: 'marriageDate', op: 'lt', value: '2008-01-01' }, label: i18n('before 2008') };
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/documents/0/condition/when', rule: 'condition-field', detail: /marriageDate/ },
    );
  });

  test('broken form example', () => {
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => (d.form.example = { applicantIin: '900101300121' })) },
      { file: 'services/demo/v1.yaml', path: '/form/example/applicantIin', rule: 'form-example', detail: /INVALID_IIN/ },
    );
  });

  test("the applicant's own IIN/BIN: every IIN/BIN field says whose it is, and the applicant's is bound to the signer", () => {
    // Unbound applicant field (the guardianship reference took any guardian IIN, issue 8).
    expectBroken(
      { 'demo/v1.yaml': withChange((d) => delete d.form.fields[0].bindsTo) },
      { file: 'services/demo/v1.yaml', path: '/form/fields/0/bindsTo', rule: 'applicant-unbound', detail: /signer-iin/ },
    );
    // A BIN of the applicant binds to the organisation's certificate, not a person's.
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.recipients = ['legal-entity'];
          d.form.fields = [{ name: 'orgBin', type: 'bin', required: true, label: i18n('BIN'), role: 'applicant' }];
          d.form.example = { orgBin: '111040044105' };
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/form/fields/0/bindsTo', rule: 'applicant-unbound', detail: /signer-bin/ },
    );
    // An IIN field that does not say whose it is.
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.form.fields.push({ name: 'guardianIin', type: 'iin', required: false, label: i18n('Guardian') });
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/form/fields/1/role', rule: 'field-role', detail: /guardianIin/ },
    );
    // Only the applicant's own field binds to the signer: a second spouse's IIN cannot.
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.form.fields.push({ name: 'secondIin', type: 'iin', required: false, label: i18n('Second'), role: 'second-applicant', bindsTo: 'signer-iin' });
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/form/fields/1/bindsTo', rule: 'binds-to-role' },
    );
    // A role belongs on IIN/BIN fields only.
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => {
          d.form.fields.push({ name: 'note', type: 'string', required: false, label: i18n('Note'), role: 'other' });
        }),
      },
      { file: 'services/demo/v1.yaml', path: '/form/fields/1/role', rule: 'field-role' },
    );
  });

  test('directory name and file name must match code and version', () => {
    expectBroken({ 'other/v1.yaml': minimal('demo') }, { file: 'services/other/v1.yaml', path: '/code', rule: 'code-matches-directory' });
    expectBroken({ 'demo/v1.yaml': minimal('demo', 2) }, { file: 'services/demo/v1.yaml', path: '/version', rule: 'version-matches-file' });
    expectBroken({ 'demo/v1.yml.yaml': minimal() }, { file: 'services/demo/v1.yml.yaml', path: '', rule: 'file-name' });
  });

  test('versions run 1, 2, 3 without gaps', () => {
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => (d.effectiveTo = '2021-01-01')),
        'demo/v3.yaml': withChange((d) => (d.effectiveFrom = '2021-01-01'), 'demo', 3),
      },
      { file: 'services/demo/v3.yaml', path: '/version', rule: 'versions-consecutive' },
    );
  });

  test('overlapping and unordered versions', () => {
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => (d.effectiveTo = '2021-01-01')),
        'demo/v2.yaml': withChange((d) => (d.effectiveFrom = '2020-06-01'), 'demo', 2),
      },
      { file: 'services/demo/v2.yaml', path: '/effectiveFrom', rule: 'versions-overlap' },
    );
    // v1 open-ended while v2 exists
    expectBroken(
      { 'demo/v1.yaml': minimal(), 'demo/v2.yaml': withChange((d) => (d.effectiveFrom = '2022-01-01'), 'demo', 2) },
      { file: 'services/demo/v2.yaml', path: '/effectiveFrom', rule: 'versions-overlap' },
    );
    expectBroken(
      {
        'demo/v1.yaml': withChange((d) => (d.effectiveTo = '2021-01-01')),
        'demo/v2.yaml': withChange((d) => (d.effectiveFrom = '2019-01-01'), 'demo', 2),
      },
      { file: 'services/demo/v2.yaml', path: '/effectiveFrom', rule: 'versions-ordered' },
    );
  });

  test('date bounds: only on date/year fields, well-formed, in order; notBefore names a field of the same type', () => {
    const withField = (extra: Loose) => ({ 'demo/v1.yaml': withChange((d) => d.form.fields.push({ name: 'when', type: 'date', required: false, label: i18n('When'), ...extra })) });
    const at = '/form/fields/1';
    expectBroken(withField({ latest: '2025-02-30' }), { file: 'services/demo/v1.yaml', path: `${at}/latest`, rule: 'date-bound' });
    expectBroken(withField({ earliest: 'today', latest: '-1y' }), { file: 'services/demo/v1.yaml', path: `${at}/latest`, rule: 'date-bound' });
    expectBroken(withField({ type: 'integer', latest: '-30d' }), { file: 'services/demo/v1.yaml', path: `${at}/latest`, rule: 'date-bound' });
    expectBroken(withField({ type: 'string', latest: 'today' }), { file: 'services/demo/v1.yaml', path: `${at}/latest`, rule: 'date-bound' });
    expectBroken(withField({ latest: 'yesterday' }), { file: 'services/demo/v1.yaml', path: `${at}/latest`, rule: 'pattern' });
    expectBroken(withField({ notBefore: 'applicantIin' }), { file: 'services/demo/v1.yaml', path: `${at}/notBefore`, rule: 'not-before', detail: /only values of one type/ });
    expectBroken(withField({ notBefore: 'nothing' }), { file: 'services/demo/v1.yaml', path: `${at}/notBefore`, rule: 'not-before' });
    assert.equal(loadDefinitions({ dir: fixture(withField({ earliest: '-150y', latest: 'today' })) })[0]?.form.fields[1]?.latest, 'today');
  });

  test('YAML syntax error', () => {
    expectBroken({ 'demo/v1.yaml': 'code: demo\nname: [unclosed\n' }, { file: 'services/demo/v1.yaml', path: '', rule: 'yaml' });
  });
});

describe('loader: inheritance', () => {
  const v1 = withChange((d) => (d.effectiveTo = '2021-01-01'));
  const v2 = {
    inherits: 1,
    code: 'demo',
    version: 2,
    effectiveFrom: '2021-01-01',
    effectiveTo: null,
    legalAct: { kind: 'working-edition', title: i18n('Procedure of the demo service') },
  };

  test('a version file is shallow-merged onto the named earlier version', () => {
    const defs = loadDefinitions({ dir: fixture({ 'demo/v1.yaml': v1, 'demo/v2.yaml': v2 }) });
    const [a, b] = defs as [ServiceDefinition, ServiceDefinition];
    assert.equal(b.version, 2);
    assert.equal(b.inherits, 1);
    assert.equal(b.legalAct.kind, 'working-edition');
    assert.equal(b.effectiveTo, null);
    assert.deepEqual(b.terms, a.terms); // inherited
    assert.deepEqual(b.process, a.process);
    assert.equal(a.effectiveTo, '2021-01-01'); // v1 untouched
  });

  test('own top-level keys replace the inherited ones entirely (shallow)', () => {
    const own = { ...v2, name: { kk: 'Жаңа атау', ru: 'Новое название', en: 'New name' } };
    const [, b] = loadDefinitions({ dir: fixture({ 'demo/v1.yaml': v1, 'demo/v2.yaml': own }) }) as [ServiceDefinition, ServiceDefinition];
    assert.equal(b.name.en, 'New name');
    assert.equal(b.provider.name.en, 'Demo archive');
  });

  test('the merged result is validated and errors name the inheriting file', () => {
    expectBroken(
      { 'demo/v1.yaml': v1, 'demo/v2.yaml': { ...v2, automation: 'robotic' } },
      { file: 'services/demo/v2.yaml', path: '/automation', rule: 'enum' },
    );
    // forgetting to end v1's period: the inherited effectiveTo (2021-01-01) is before effectiveFrom
    const { effectiveTo: _drop, ...noEnd } = v2;
    expectBroken(
      { 'demo/v1.yaml': v1, 'demo/v2.yaml': { ...noEnd, effectiveFrom: '2021-06-01' } },
      { file: 'services/demo/v2.yaml', path: '/effectiveTo', rule: 'effective-period' },
    );
  });

  test('inherits must name an earlier loaded version', () => {
    expectBroken(
      { 'demo/v1.yaml': v1, 'demo/v2.yaml': { ...v2, inherits: 2 } },
      { file: 'services/demo/v2.yaml', path: '/inherits', rule: 'inherits' },
    );
    expectBroken({ 'demo/v1.yaml': { ...v2, version: 1, inherits: 1 } }, { file: 'services/demo/v1.yaml', path: '/inherits', rule: 'inherits' });
  });
});

describe('registry: versions in force (Kazakhstan time, UTC+05:00)', () => {
  const registry = Registry.load();

  test('kzDate shifts by five hours', () => {
    assert.equal(kzDate(new Date('2014-04-09T18:59:59Z')), '2014-04-09');
    assert.equal(kzDate(new Date('2014-04-09T19:00:00Z')), '2014-04-10');
  });

  test('archival reference: the act, then the working edition from the repeal date', () => {
    assert.deepEqual(
      registry.versions('archival-reference').map((d) => d.version),
      [1, 2],
    );
    assert.equal(registry.inForce('archival-reference', new Date('2012-05-07T12:00:00+05:00')), undefined);
    assert.equal(registry.inForce('archival-reference', new Date('2012-05-08T00:00:00+05:00'))?.version, 1);
    assert.equal(registry.inForce('archival-reference', new Date('2014-04-09T23:59:59+05:00'))?.version, 1);
    // boundary: effectiveTo is exclusive, midnight in Astana is 19:00 UTC the day before
    assert.equal(registry.inForce('archival-reference', new Date('2014-04-09T19:00:00Z'))?.version, 2);
    assert.equal(registry.inForce('archival-reference', new Date('2014-04-10T00:00:00+05:00'))?.version, 2);
    assert.equal(registry.inForce('archival-reference', new Date('2030-01-01T00:00:00+05:00'))?.version, 2);
  });

  test('WKO regulations switch to the working edition on 01.06.2020', () => {
    assert.equal(registry.inForce('divorce-registration', new Date('2020-05-31T23:59:59+05:00'))?.legalAct.kind, 'regulation');
    assert.equal(registry.inForce('divorce-registration', new Date('2020-06-01T00:00:00+05:00'))?.legalAct.kind, 'working-edition');
    assert.equal(registry.inForce('divorce-registration', new Date('2016-12-20T12:00:00+05:00')), undefined);
  });

  test('list(at) returns only services with a version in force', () => {
    assert.deepEqual(registry.list(new Date('2010-01-01T00:00:00+05:00')), []);
    const in2013 = registry.list(new Date('2013-06-01T00:00:00+05:00')).map((d) => d.code);
    assert.ok(in2013.includes('archival-reference'));
    assert.ok(in2013.includes('guardianship-reference'));
    assert.ok(!in2013.includes('birth-registration'));
    assert.equal(registry.list().length, 17);
  });

  test('unknown code', () => {
    assert.deepEqual(registry.versions('no-such-service'), []);
    assert.equal(registry.inForce('no-such-service'), undefined);
  });
});

describe('registry: search', () => {
  const registry = Registry.load();
  const at = new Date('2025-06-01T12:00:00+05:00');
  const codes = (q: string) => registry.search(q, at).map((d) => d.code);

  test('fold removes Kazakh-specific letters, upper and lower case', () => {
    assert.equal(fold('ӘҒҚҢӨҰҮҺІЁ әғқңөұүһіё'), 'агкноуухие агкноуухие');
    assert.equal(fold('Мұрағаттық анықтама'), 'мурагаттык аныктама');
    assert.equal(fold('Кепiлдiк'), 'кепилдик'); // Latin i inside a Cyrillic word
    assert.equal(fold('service'), 'service');
  });

  test('typing without Kazakh letters finds Kazakh words', () => {
    const kyzmet = codes('кызмет');
    assert.ok(kyzmet.length > 0);
    for (const d of registry.search('кызмет', at)) {
      assert.match(`${d.name.kk} ${d.keywords?.kk ?? ''}`, /қызмет/i);
    }
    const anyktama = codes('аныктама');
    for (const c of ['archival-reference', 'guardianship-reference', 'address-reference', 'minor-deposit-reference']) assert.ok(anyktama.includes(c), c);
    assert.equal(codes('мурагат')[0], 'archival-reference');
    assert.deepEqual(codes('мурагат'), codes('мұрағат'));
    assert.equal(codes('КЕПIЛДIК')[0], 'end-user-certificate');
  });

  test('Russian and English queries', () => {
    assert.equal(codes('архивная справка')[0], 'archival-reference');
    assert.equal(codes('архивные')[0], 'archival-reference');
    assert.equal(codes('адресная справка')[0], 'address-reference');
    assert.equal(codes('divorce')[0], 'divorce-registration');
    assert.equal(codes('свидетельство о рождении')[0], 'birth-registration');
    assert.equal(codes('ажырасу')[0], 'divorce-registration');
    assert.equal(codes('опека')[0], 'guardianship-reference');
    assert.deepEqual(codes('   '), []);
    assert.deepEqual(codes('zzzzqqq'), []);
  });

  test('token prefixes rank above substrings, name matches above keyword matches', () => {
    const def = (code: string, name: string, keywords?: string) =>
      ({ ...(minimal(code) as object), name: { kk: name, ru: name, en: name }, ...(keywords ? { keywords: { kk: keywords, ru: keywords, en: keywords } } : {}) }) as unknown as ServiceDefinition;
    const r = new Registry([
      def('substring', 'Переархивация документов'),
      def('prefix', 'Архивная справка'),
      def('keyword', 'Справка о стаже', 'архивный фонд'),
      def('none', 'Паспорт'),
    ]);
    const now = new Date('2025-01-01T00:00:00+05:00');
    assert.deepEqual(
      r.search('архив', now).map((d) => d.code),
      ['prefix', 'keyword', 'substring'],
    );
    // every token must match: "архив паспорт" matches nothing
    assert.deepEqual(r.search('архив паспорт', now), []);
  });

  test('words on the card count too: the provider ("отделы ЗАГС", "АХАТ бөлімдері"), below names and keywords', () => {
    const zags = registry.list(new Date()).filter((d) => /ЗАГС/.test(d.provider.name.ru)).map((d) => d.code).sort();
    assert.ok(zags.length >= 10, `${zags.length} services name ЗАГС on their card`);
    const now = new Date();
    for (const q of ['ЗАГС', 'загс', 'отделы загс', 'АХАТ', 'ахат бөлімдері', 'ахат болимдери']) {
      const found = registry.search(q, now).map((d) => d.code);
      for (const c of zags) assert.ok(found.includes(c), `${q} finds ${c}`);
    }
    // a name or keyword match still ranks first
    const first = registry.search('ЗАГС', now).slice(0, 4).map((d) => d.code);
    for (const c of first) assert.match(`${registry.inForce(c, now)?.keywords?.ru}`, /ЗАГС/);
  });

  test('a very long query is answered (only its start is used), never an error', () => {
    const long = 'архивная справка '.repeat(15); // 255 characters
    assert.ok(long.length > 250);
    assert.equal(codes(long)[0], 'archival-reference');
    const junk = 'щ'.repeat(5000);
    assert.deepEqual(codes(junk), []);
    assert.ok(MAX_QUERY_CHARS >= 100 && MAX_QUERY_CHARS <= 200);
  });

  test('fast enough to run per keystroke', () => {
    const queries = ['м', 'му', 'мур', 'мура', 'мураг', 'мурагат', 'a', 'ar', 'arch', 'справ', 'туу', 'неке'];
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) for (const q of queries) registry.search(q, at);
    const perQuery = (performance.now() - t0) / (200 * queries.length);
    assert.ok(perQuery < 2, `a search took ${perQuery.toFixed(3)} ms on average`);
  });
});
