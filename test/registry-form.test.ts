/** Application-form validation (every error code) and the document checklist. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeBin, makeIin } from '../src/ids/iin.ts';
import { requiredDocuments } from '../src/registry/checklist.ts';
import { type FieldErrorCode, fieldBounds, normaliseForm, normalisePhone, validateForm } from '../src/registry/form.ts';
import { Registry } from '../src/registry/registry.ts';
import type { Form, FormField, ServiceDefinition } from '../src/registry/types.ts';

const l = (s: string) => ({ kk: `${s}-kk`, ru: `${s}-ru`, en: s });
const field = (name: string, type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({ name, type, required: false, label: l(name), ...extra });

const FIELDS: FormField[] = [
  field('fullName', 'string', { required: true, minLength: 2, maxLength: 10 }),
  field('story', 'text'),
  field('birthDate', 'date', { required: true }),
  field('iin', 'iin'),
  field('bin', 'bin'),
  field('children', 'integer', { min: 0, max: 20 }),
  field('share', 'number', { min: 0, max: 1 }),
  field('married', 'boolean'),
  field('kind', 'enum', { options: [{ value: 'a', label: l('a') }, { value: 'b', label: l('b') }] }),
  field('phone', 'phone'),
  field('email', 'email'),
  field('code', 'string', { pattern: '[A-Z]{2}-[0-9]{3}' }),
  field('spouseIin', 'iin', { required: true, condition: { when: { field: 'married', op: 'eq', value: true }, label: l('if married') } }),
];
const def = { form: { fields: FIELDS, example: {} } as Form };
const IIN = makeIin('1990-05-05', 'female', 3);
const valid = { fullName: 'Айгүл', birthDate: '1990-05-05' };

function codesFor(form: unknown): Array<[string, FieldErrorCode]> {
  return validateForm(def, form).map((e) => [e.path, e.code]);
}
function only(form: Record<string, unknown>, path: string, code: FieldErrorCode) {
  assert.deepEqual(codesFor({ ...valid, ...form }), [[path, code]]);
}

describe('validateForm', () => {
  test('a valid form has no errors; optional fields may be absent, null or blank', () => {
    assert.deepEqual(codesFor(valid), []);
    assert.deepEqual(codesFor({ ...valid, story: '   ', iin: null, married: false }), []);
  });

  test('NOT_AN_OBJECT', () => {
    for (const bad of [null, [], 'x', 42, undefined]) assert.deepEqual(codesFor(bad), [['/form', 'NOT_AN_OBJECT']]);
  });

  test('REQUIRED, including a blank string and a condition that holds', () => {
    assert.deepEqual(codesFor({}), [
      ['/form/fullName', 'REQUIRED'],
      ['/form/birthDate', 'REQUIRED'],
    ]);
    only({ fullName: '  ' }, '/form/fullName', 'REQUIRED');
    only({ married: true }, '/form/spouseIin', 'REQUIRED');
    assert.deepEqual(codesFor({ ...valid, married: true, spouseIin: makeIin('1989-01-01', 'male') }), []);
  });

  test('conditions may use context variables', () => {
    const d = { form: { fields: [field('x', 'string', { required: true, condition: { when: { field: '$channel', op: 'eq', value: 'centre' }, label: l('c') } })], example: {} } };
    assert.equal(validateForm(d, {}, { $channel: 'portal' }).length, 0);
    assert.equal(validateForm(d, {}, { $channel: 'centre' })[0]?.code, 'REQUIRED');
  });

  test('WRONG_TYPE for every type', () => {
    only({ fullName: 42 }, '/form/fullName', 'WRONG_TYPE');
    only({ birthDate: 20200101 }, '/form/birthDate', 'WRONG_TYPE');
    only({ iin: 900505400036 }, '/form/iin', 'WRONG_TYPE');
    only({ children: '3' }, '/form/children', 'WRONG_TYPE');
    only({ children: 2.5 }, '/form/children', 'WRONG_TYPE');
    only({ share: Number.NaN }, '/form/share', 'WRONG_TYPE');
    only({ married: 'yes' }, '/form/married', 'WRONG_TYPE');
    only({ kind: 1 }, '/form/kind', 'WRONG_TYPE');
    only({ phone: 77011234567 }, '/form/phone', 'WRONG_TYPE');
  });

  test('UNKNOWN_FIELD', () => {
    only({ favouriteColour: 'blue' }, '/form/favouriteColour', 'UNKNOWN_FIELD');
  });

  test('INVALID_IIN and INVALID_BIN check the check digit', () => {
    const badCheck = `${IIN.slice(0, 11)}${(Number(IIN[11]) + 1) % 10}`;
    only({ iin: badCheck }, '/form/iin', 'INVALID_IIN');
    only({ iin: '12345' }, '/form/iin', 'INVALID_IIN');
    only({ iin: '120230500016' }, '/form/iin', 'INVALID_IIN'); // 30 Feb
    assert.deepEqual(codesFor({ ...valid, iin: IIN }), []);
    const bin = makeBin('2015-07', 77);
    only({ bin: `${bin.slice(0, 11)}${(Number(bin[11]) + 1) % 10}` }, '/form/bin', 'INVALID_BIN');
    only({ bin: IIN }, '/form/bin', 'INVALID_BIN'); // an IIN is not a BIN (type digit)
    assert.deepEqual(codesFor({ ...valid, bin }), []);
  });

  test('INVALID_DATE', () => {
    only({ birthDate: '2021-02-29' }, '/form/birthDate', 'INVALID_DATE');
    only({ birthDate: '05.05.1990' }, '/form/birthDate', 'INVALID_DATE');
    assert.deepEqual(codesFor({ ...valid, birthDate: '2020-02-29' }), []);
  });

  test('INVALID_OPTION', () => {
    only({ kind: 'c' }, '/form/kind', 'INVALID_OPTION');
  });

  test('TOO_SHORT / TOO_LONG (trimmed; default limits 500 and 4000)', () => {
    only({ fullName: ' А ' }, '/form/fullName', 'TOO_SHORT');
    only({ fullName: 'Абдрахманова' }, '/form/fullName', 'TOO_LONG');
    assert.deepEqual(codesFor({ ...valid, fullName: '   Айгүл   ' }), []);
    only({ story: 'x'.repeat(4001) }, '/form/story', 'TOO_LONG');
    assert.deepEqual(codesFor({ ...valid, story: 'x'.repeat(4000) }), []);
    const d = { form: { fields: [field('s', 'string')], example: {} } };
    assert.equal(validateForm(d, { s: 'я'.repeat(501) })[0]?.code, 'TOO_LONG');
    assert.equal(validateForm(d, { s: 'я'.repeat(500) }).length, 0);
  });

  test('OUT_OF_RANGE', () => {
    only({ children: 21 }, '/form/children', 'OUT_OF_RANGE');
    only({ children: -1 }, '/form/children', 'OUT_OF_RANGE');
    only({ share: 1.5 }, '/form/share', 'OUT_OF_RANGE');
    assert.deepEqual(codesFor({ ...valid, children: 0, share: 0.25 }), []);
  });

  test('PATTERN matches the whole value', () => {
    only({ code: 'AB-12' }, '/form/code', 'PATTERN');
    only({ code: 'xAB-123' }, '/form/code', 'PATTERN');
    assert.deepEqual(codesFor({ ...valid, code: 'AB-123' }), []);
  });

  test('INVALID_EMAIL', () => {
    for (const e of ['a@b', 'a b@c.kz', '@c.kz', `${'x'.repeat(250)}@c.kz`]) only({ email: e }, '/form/email', 'INVALID_EMAIL');
    assert.deepEqual(codesFor({ ...valid, email: 'user@mail.kz' }), []);
  });

  test('INVALID_PHONE: +7 (or the local 8) and 10 digits; spaces, dashes, parentheses allowed', () => {
    for (const p of ['8701123456', '+7701123456', '+770112345678', '+1 202 555 0100', '+7 701 123 45 6a', '88 701 123 45 67', '+8 701 123 45 67'])
      only({ phone: p }, '/form/phone', 'INVALID_PHONE');
    for (const p of ['+77011234567', '+7 701 123 45 67', '+7 (701) 123-45-67', '8 701 123 45 67', '87011234567', '8 (701) 123-45-67'])
      assert.deepEqual(codesFor({ ...valid, phone: p }), [], p);
    assert.equal(normalisePhone('+7 (701) 123-45-67'), '+77011234567');
    assert.equal(normalisePhone('8 701 123 45 67'), '+77011234567', 'the local format, as people write it');
    assert.deepEqual(normaliseForm(def, { ...valid, phone: '8 701 123 45 67' }).phone, '+77011234567');
    assert.match(validateForm(def, { ...valid, phone: '123' })[0]?.message.en ?? '', /8 701 123 45 67/, 'the message names both formats');
  });

  test('messages are given in kk, ru and en and name the field', () => {
    const [e] = validateForm(def, { birthDate: '1990-01-01' });
    assert.equal(e?.code, 'REQUIRED');
    assert.match(e?.message.kk ?? '', /fullName-kk/);
    assert.match(e?.message.ru ?? '', /fullName-ru/);
    assert.match(e?.message.en ?? '', /fullName/);
    for (const x of validateForm(def, { fullName: 'Я', birthDate: 'x', kind: 'z', phone: '1', email: 'e', children: 99, extra: 1 })) {
      for (const lang of ['kk', 'ru', 'en'] as const) assert.ok(x.message[lang].length > 10, `${x.code} ${lang}`);
    }
  });

  test('normaliseForm trims, normalises phones and drops blanks', () => {
    assert.deepEqual(normaliseForm(def, { fullName: ' Айгүл ', phone: '+7 701 123-45-67', story: ' ', married: false, bin: makeBin('2010-01') }), {
      fullName: 'Айгүл',
      bin: makeBin('2010-01'),
      married: false,
      phone: '+77011234567',
    });
  });
});

describe('requiredDocuments', () => {
  const registry = Registry.load();
  const get = (code: string) => registry.inForce(code, new Date('2025-06-01T12:00:00+05:00')) as ServiceDefinition;
  const item = (list: ReturnType<typeof requiredDocuments>, id: string) => {
    const x = list.find((i) => i.document.id === id);
    assert.ok(x, `no checklist item ${id}`);
    return x;
  };

  test('only the documents of the channel, in definition order', () => {
    const s17 = get('minor-deposit-reference');
    const centre = requiredDocuments(s17, 'centre', {});
    assert.ok(centre.every((i) => i.document.channels.includes('centre')));
    assert.deepEqual(
      centre.map((i) => i.document.id),
      s17.documents.filter((d) => d.channels.includes('centre')).map((d) => d.id),
    );
    assert.ok(!centre.some((i) => i.document.id === 'e-request'));
  });

  test('date conditions: child born before 13 August 2007, marriage before 2008', () => {
    const s17 = get('minor-deposit-reference');
    const old = requiredDocuments(s17, 'centre', { childBirthDate: '2007-08-12', marriageDate: '2007-12-31', purpose: 'bank' });
    assert.equal(item(old, 'child-birth-certificate').applies, true);
    assert.equal(item(old, 'child-birth-certificate').reason.en, 'the child was born before 13 August 2007');
    assert.equal(item(old, 'marriage-certificate').applies, true);
    assert.equal(item(old, 'vehicle-registration').applies, false);
    const recent = requiredDocuments(s17, 'centre', { childBirthDate: '2007-08-13', marriageDate: '2008-01-01', purpose: 'administrative-police' });
    assert.equal(item(recent, 'child-birth-certificate').applies, false);
    assert.match(item(recent, 'child-birth-certificate').reason.en, /^Not required/);
    assert.equal(item(recent, 'marriage-certificate').applies, false);
    assert.equal(item(recent, 'vehicle-registration').applies, true);
    assert.equal(item(recent, 'death-certificate').reason.en, 'Required');
  });

  test('documents obtained from state systems are not demanded', () => {
    const s3 = get('civil-record-restoration');
    const list = requiredDocuments(s3, 'centre', { isPensioner: true, recordDate: '1960-01-01', married: true });
    const pension = item(list, 'pensioner-certificate');
    assert.equal(pension.applies, false);
    assert.equal(pension.fetched, true);
    assert.match(pension.reason.en, /^Obtained from a state system/);
    assert.equal(item(list, 'marriage-certificate').applies, true);
    const later = requiredDocuments(s3, 'centre', { recordDate: '2010-01-01', married: true });
    assert.equal(item(later, 'marriage-certificate').applies, false);
  });

  test('a payment made on the portal replaces the bank payment document', () => {
    const s15 = get('divorce-registration');
    // the payment document is listed for provider and centre only
    assert.ok(!requiredDocuments(s15, 'portal', {}).some((i) => i.document.id === 'payment-document'));
    assert.equal(item(requiredDocuments(s15, 'centre', {}), 'payment-document').applies, true);
  });

  test('optional documents say "if available"', () => {
    const s3 = get('civil-record-restoration');
    const x = item(requiredDocuments(s3, 'centre', { militaryObligated: true }), 'military-id');
    assert.equal(x.applies, true);
    assert.equal(x.document.optional, true);
  });
});

describe('date bounds relative to today and range order (issue 8 item 14: impossible data is filed)', () => {
  const bounded: FormField[] = [
    field('birthDate', 'date', { required: true, earliest: '-150y', latest: 'today' }),
    field('decisionDate', 'date', { latest: 'today', notBefore: 'birthDate' }),
    field('fromYear', 'integer', { min: 1900, max: 2100, latest: 'today' }),
    field('toYear', 'integer', { min: 1900, max: 2100, latest: 'today', notBefore: 'fromYear' }),
    field('visitDate', 'date', { earliest: 'today', latest: '+1m' }),
  ];
  const bdef = { form: { fields: bounded, example: {} } as Form };
  const at = { $filedAt: '2025-12-06T10:00:00+05:00' };
  const codes = (form: Record<string, unknown>, ctx: Record<string, unknown> = at) => validateForm(bdef, form, ctx).map((e) => [e.path, e.code]);

  test('a birth date in the future is TOO_LATE, one more than 150 years ago TOO_EARLY; today and the 150-year limit pass', () => {
    assert.deepEqual(codes({ birthDate: '2030-01-01' }), [['/form/birthDate', 'TOO_LATE']]);
    assert.deepEqual(codes({ birthDate: '2025-12-07' }), [['/form/birthDate', 'TOO_LATE']]);
    assert.deepEqual(codes({ birthDate: '2025-12-06' }), []);
    assert.deepEqual(codes({ birthDate: '1875-12-06' }), []);
    assert.deepEqual(codes({ birthDate: '1875-12-05' }), [['/form/birthDate', 'TOO_EARLY']]);
  });

  test('"today" is the Kazakhstan date of filing ($filedAt), else of now', () => {
    // 19:30 UTC on 6 December is already 7 December in Kazakhstan.
    assert.deepEqual(codes({ birthDate: '2025-12-07' }, { $filedAt: '2025-12-06T19:30:00Z' }), []);
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    assert.deepEqual(codes({ birthDate: tomorrow }, {}), [['/form/birthDate', 'TOO_LATE']]);
  });

  test('a period from 2020 to 1990 is OUT_OF_ORDER on the later field; years after this one are TOO_LATE', () => {
    assert.deepEqual(codes({ birthDate: '1960-01-01', fromYear: 2020, toYear: 1990 }), [['/form/toYear', 'OUT_OF_ORDER']]);
    assert.deepEqual(codes({ birthDate: '1960-01-01', fromYear: 1990, toYear: 1990 }), []);
    assert.deepEqual(codes({ birthDate: '1960-01-01', fromYear: 1990, toYear: 2026 }), [['/form/toYear', 'TOO_LATE']]);
    assert.deepEqual(codes({ birthDate: '2000-01-01', decisionDate: '1999-12-31' }), [['/form/decisionDate', 'OUT_OF_ORDER']]);
    // only compared when both are present and valid
    assert.deepEqual(codes({ birthDate: '2000-01-01', toYear: 1990 }), []);
    assert.deepEqual(codes({ birthDate: 'not a date', decisionDate: '1999-12-31' }), [['/form/birthDate', 'INVALID_DATE']]);
  });

  test('future bounds: earliest today, latest one month ahead (end of month clamps)', () => {
    assert.deepEqual(codes({ birthDate: '2000-01-01', visitDate: '2025-12-05' }), [['/form/visitDate', 'TOO_EARLY']]);
    assert.deepEqual(codes({ birthDate: '2000-01-01', visitDate: '2026-01-06' }), []);
    assert.deepEqual(codes({ birthDate: '2000-01-01', visitDate: '2026-01-07' }), [['/form/visitDate', 'TOO_LATE']]);
    assert.deepEqual(fieldBounds(bounded[4] as FormField, '2026-01-31'), { min: '2026-01-31', max: '2026-02-28' });
  });

  test('messages name the limit in words, in kk/ru/en', () => {
    const [late] = validateForm(bdef, { birthDate: '2030-01-01' }, at);
    assert.equal(late?.message.en, '“birthDate” cannot be later than 06.12.2025.');
    assert.match(late?.message.ru ?? '', /не может быть позже 06\.12\.2025/);
    assert.match(late?.message.kk ?? '', /06\.12\.2025/);
    const [order] = validateForm(bdef, { birthDate: '1960-01-01', fromYear: 2020, toYear: 1990 }, at);
    assert.equal(order?.message.en, '“toYear” cannot be earlier than “fromYear” (2020).');
    const [early] = validateForm(bdef, { birthDate: '1800-01-01' }, at);
    assert.equal(early?.message.en, '“birthDate” cannot be earlier than 06.12.1875.');
  });

  test('fieldBounds gives the input limits the form shows (dates as ISO, years as numbers, with min/max)', () => {
    assert.deepEqual(fieldBounds(bounded[0] as FormField, '2025-12-06'), { min: '1875-12-06', max: '2025-12-06' });
    assert.deepEqual(fieldBounds(bounded[2] as FormField, '2025-12-06'), { min: 1900, max: 2025 });
    assert.deepEqual(fieldBounds(bounded[0] as FormField, '2024-02-29'), { min: '1874-02-28', max: '2024-02-29' });
  });

  test('every date field of every definition has bounds, and every from/to pair is ordered', () => {
    const reg = Registry.load();
    for (const d of reg.codes().flatMap((c) => reg.versions(c))) {
      for (const f of d.form.fields) {
        if (f.type === 'date') assert.ok(f.earliest && f.latest, `${d.code} v${d.version} ${f.name} has earliest and latest`);
      }
      const names = new Set(d.form.fields.map((f) => f.name));
      for (const f of d.form.fields) {
        const m = /^(.*)To(Year|Date)?$/.exec(f.name);
        if (m && names.has(`${m[1]}From${m[2] ?? ''}`)) assert.equal(f.notBefore, `${m[1]}From${m[2] ?? ''}`, `${d.code} ${f.name} is not before its start`);
      }
    }
    const arch = reg.inForce('archival-reference')!;
    const e = validateForm(arch, { ...arch.form.example, periodFromYear: 2020, periodToYear: 1990 });
    assert.deepEqual(e.map((x) => [x.path, x.code]), [['/form/periodToYear', 'OUT_OF_ORDER']]);
    const birth = reg.inForce('birth-registration')!;
    const b = validateForm(birth, { ...birth.form.example, childBirthDate: '2030-01-01' }, { $channel: 'portal' });
    assert.deepEqual(b.map((x) => [x.path, x.code]), [['/form/childBirthDate', 'TOO_LATE']]);
  });
});
