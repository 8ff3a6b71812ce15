/**
 * Co-applicants in the definition model (issue 8 item 15): `coApplicants` is schema-validated and
 * the loader refuses a declaration that does not name a second applicant's IIN field, with the
 * file, the JSON path and the rule.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stringify } from 'yaml';
import { makeIin } from '../src/ids/iin.ts';
import { DefinitionError, loadDefinitions, SERVICES_DIR } from '../src/registry/loader.ts';

const i18n = (s: string) => ({ kk: `${s} (kk)`, ru: `${s} (ru)`, en: s });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are plain JSON mutated freely by each test
type Loose = Record<string, any>;

/** A small valid two-applicant definition (portal and centre); tests break one thing at a time. */
function minimal(): Loose {
  const steps = [
    { id: 'submit', kind: 'intake', actor: 'applicant', action: i18n('Submits'), next: [{ to: 'decide' }], status: 'submitted' },
    { id: 'decide', kind: 'automatic', actor: 'provider-system', action: i18n('Decides'), next: [{ to: 'issue' }], status: 'result-ready' },
    { id: 'issue', kind: 'issue', actor: 'provider-clerk', action: i18n('Issues'), next: [{ to: 'end' }], status: 'issued', outcome: 'result' },
  ];
  return {
    code: 'demo',
    version: 1,
    effectiveFrom: '2020-01-01',
    legalAct: { kind: 'standard', title: i18n('Demo standard') },
    digestRef: 'S99',
    name: i18n('Demo service'),
    sphere: 'family',
    categories: ['family-and-children'],
    provider: { kind: 'education-authority', name: i18n('Demo body') },
    recipients: ['individual'],
    channels: ['portal', 'centre'],
    automation: 'partially-automated',
    terms: [{ id: 'main', channels: ['portal', 'centre'], amount: 5, unit: 'working-days', label: i18n('5 working days') }],
    extensions: [],
    fees: { kind: 'free', items: [], exemptions: [] },
    documents: [{ id: 'e-request', name: i18n('E-request'), channels: ['portal'], form: 'e-request' }],
    fetchedData: [],
    result: { description: i18n('A reference'), form: 'electronic' },
    refusalGrounds: [],
    complaints: [],
    process: { portal: { steps }, centre: { steps } },
    form: {
      fields: [
        { name: 'who', type: 'enum', required: true, label: i18n('Who applies'), options: [{ value: 'parents', label: i18n('Parents') }, { value: 'guardian', label: i18n('Guardian') }] },
        { name: 'applicantIin', type: 'iin', required: true, label: i18n('IIN'), role: 'applicant', bindsTo: 'signer-iin' },
        { name: 'secondIin', type: 'iin', required: true, label: i18n('Second parent IIN'), role: 'second-applicant', condition: { when: { field: 'who', op: 'eq', value: 'parents' }, label: i18n('the parents apply') } },
        { name: 'childIin', type: 'iin', required: false, label: i18n('Child IIN'), role: 'other' },
        { name: 'note', type: 'string', required: false, label: i18n('Note') },
      ],
      example: { who: 'parents', applicantIin: makeIin('1990-01-01', 'male'), secondIin: makeIin('1991-02-02', 'female') },
    },
    coApplicants: [{ field: 'secondIin', channels: ['portal'], within: { hours: 48, clock: true }, label: i18n('Second parent') }],
    ambiguities: [],
  };
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function load(def: Loose) {
  const root = mkdtempSync(join(tmpdir(), 'qyzmet-cosign-def-'));
  dirs.push(root);
  const file = join(root, 'services', 'demo', 'v1.yaml');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, stringify(def));
  return loadDefinitions({ dir: join(root, 'services') });
}

function broken(change: (d: Loose) => void, path: string, rule: string, detail?: RegExp) {
  const d = minimal();
  change(d);
  assert.throws(
    () => load(d),
    (e: unknown) => {
      assert.ok(e instanceof DefinitionError, String(e));
      assert.equal(e.file, 'services/demo/v1.yaml');
      assert.equal(e.path, path, e.message);
      assert.equal(e.rule, rule, e.message);
      if (detail) assert.match(e.message, detail);
      return true;
    },
  );
}

test('a valid declaration loads and is kept on the definition', () => {
  const [def] = load(minimal());
  assert.deepEqual(def!.coApplicants, [{ field: 'secondIin', channels: ['portal'], within: { hours: 48, clock: true }, label: i18n('Second parent') }]);
});

test('the field must be a form field holding a second applicant’s IIN', () => {
  broken((d) => (d.coApplicants[0].field = 'spouseIin'), '/coApplicants/0/field', 'co-applicant-field', /'spouseIin' is not a field of this form/);
  broken((d) => (d.coApplicants[0].field = 'childIin'), '/coApplicants/0/field', 'co-applicant-role', /role: second-applicant.*role other/);
  broken((d) => (d.coApplicants[0].field = 'applicantIin'), '/coApplicants/0/field', 'co-applicant-role', /role applicant/);
  broken((d) => (d.coApplicants[0].field = 'note'), '/coApplicants/0/field', 'co-applicant-role', /it is string/);
  broken((d) => d.coApplicants.push({ ...d.coApplicants[0] }), '/coApplicants/1/field', 'unique-id', /declared twice/);
});

test('a co-applicant signs separately on the portal only, and only on a channel the service offers', () => {
  broken((d) => (d.coApplicants[0].channels = ['portal', 'centre']), '/coApplicants/0/channels/1', 'co-applicant-channel', /both applicants come in person/);
  broken((d) => (d.coApplicants[0].channels = ['provider']), '/coApplicants/0/channels/0', 'channel-not-offered');
});

test('the schema: clock hours only, a sane number of them, a label in three languages, nothing else', () => {
  broken((d) => (d.coApplicants[0].within.clock = false), '/coApplicants/0/within/clock', 'const');
  broken((d) => (d.coApplicants[0].within.hours = 0), '/coApplicants/0/within/hours', 'minimum');
  broken((d) => (d.coApplicants[0].within = { days: 2, clock: true }), '/coApplicants/0/within/hours', 'required');
  broken((d) => delete d.coApplicants[0].label, '/coApplicants/0/label', 'required');
  broken((d) => (d.coApplicants[0].label = { kk: 'a', ru: 'b' }), '/coApplicants/0/label/en', 'required');
  broken((d) => (d.coApplicants[0].whenever = true), '/coApplicants/0/whenever', 'additionalProperties');
  broken((d) => (d.coApplicants = []), '/coApplicants', 'minItems');
});

test('the minors’ deposit reference names the second parent for 48 clock hours, and says why in the file', () => {
  const defs = loadDefinitions();
  const s17 = defs.find((d) => d.code === 'minor-deposit-reference')!;
  assert.deepEqual(
    s17.coApplicants?.map((c) => [c.field, c.channels, c.within]),
    [['secondRepresentativeIin', ['portal'], { hours: 48, clock: true }]],
  );
  const field = s17.form.fields.find((f) => f.name === 'secondRepresentativeIin')!;
  assert.equal(field.role, 'second-applicant');
  assert.deepEqual(field.condition?.when, { field: 'representativeRole', op: 'eq', value: 'parents' }, 'only when the parents apply');
  const yaml = readFileSync(join(SERVICES_DIR, 'minor-deposit-reference', 'v1.yaml'), 'utf8');
  assert.match(yaml, /Reading of an ambiguity: the standard sets no time for the second signature/);
  assert.ok(s17.ambiguities.some((a) => /48 clock hours/.test(a.reading)));
  // Besides it, only the two-party civil-registry requests (marriage, divorce: test/cosign-marriage.test.ts) have co-applicants.
  const two = new Set(['minor-deposit-reference', 'marriage-registration', 'divorce-registration']);
  for (const d of defs) if (!two.has(d.code)) assert.equal(d.coApplicants, undefined, d.code);
});
