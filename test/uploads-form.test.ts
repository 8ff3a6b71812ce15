/**
 * The `file` field of the form model (src/registry/form.ts), content sniffing and names
 * (src/uploads/), the loader's rules for file fields, the definitions that attach scans, and the
 * signed bytes carrying the files' hashes. Pure: no database.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { signingPayload } from '../src/identity/payload.ts';
import { type FieldErrorCode, fileLimits, isFileRef, normaliseForm, sizeText, validateForm } from '../src/registry/form.ts';
import { DefinitionError, loadDefinitions } from '../src/registry/loader.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import type { FileRef, FormField } from '../src/registry/types.ts';
import { contentDisposition, uploadName } from '../src/uploads/uploads.ts';
import { declaredMime, sniffMime } from '../src/uploads/sniff.ts';
import { JPEG_BYTES, PNG_BYTES, sha256hex, tinyPdf } from './helpers/files.ts';

const l = (s: string) => ({ kk: `${s}-kk`, ru: `${s}-ru`, en: s });
const field = (name: string, extra: Partial<FormField> = {}): FormField => ({ name, type: 'file', required: false, label: l(name), ...extra });
const ref = (n = 1, over: Partial<FileRef> = {}): FileRef => ({
  id: `0190a5e0-0000-7000-8000-${String(n).padStart(12, '0')}`,
  sha256: sha256hex(Buffer.from(String(n))),
  name: `scan-${n}.pdf`,
  size: 1000,
  mime: 'application/pdf',
  ...over,
});

const def = {
  form: {
    fields: [
      field('scans', { required: true }),
      field('photos', { accept: ['image/jpeg', 'image/png'], maxSizeKb: 500, maxFiles: 2 }),
      field('portalOnly', { required: true, condition: { when: { field: '$channel', op: 'eq', value: 'portal' }, label: l('portal') } }),
    ],
    example: {},
  },
};
const codes = (form: Record<string, unknown>, ctx: Record<string, unknown> = {}): Array<[string, FieldErrorCode]> => validateForm(def, form, ctx).map((e) => [e.path, e.code]);

describe('file fields in validateForm', () => {
  test('a list of references is valid; an empty list is absent (REQUIRED when required)', () => {
    assert.deepEqual(codes({ scans: [ref(1), ref(2)] }), []);
    assert.deepEqual(codes({ scans: [] }), [['/form/scans', 'REQUIRED']]);
    assert.deepEqual(codes({}), [['/form/scans', 'REQUIRED']]);
    assert.deepEqual(codes({ scans: [ref()] }, { $channel: 'portal' }), [['/form/portalOnly', 'REQUIRED']], 'a condition on the channel');
    assert.deepEqual(codes({ scans: [ref()] }, { $channel: 'centre' }), []);
  });

  test('WRONG_TYPE when the value is not a list', () => {
    for (const bad of [ref(), 'scan.pdf', 42, true, { 0: ref() }]) assert.deepEqual(codes({ scans: bad }), [['/form/scans', 'WRONG_TYPE']], JSON.stringify(bad));
  });

  test('TOO_MANY_FILES over maxFiles (default 5) on the field', () => {
    assert.deepEqual(codes({ scans: [1, 2, 3, 4, 5].map((n) => ref(n)) }), []);
    assert.deepEqual(codes({ scans: [1, 2, 3, 4, 5, 6].map((n) => ref(n)) }), [['/form/scans', 'TOO_MANY_FILES']]);
    assert.deepEqual(codes({ scans: [ref(9)], photos: [1, 2, 3].map((n) => ref(n, { mime: 'image/png' })) }), [['/form/photos', 'TOO_MANY_FILES']]);
  });

  test('INVALID_FILE for a malformed reference, on its own path', () => {
    const bad: unknown[] = [
      null,
      'x',
      { ...ref(), extra: 1 },
      { ...ref(), id: 'not-a-uuid' },
      { ...ref(), sha256: 'ABC' },
      { ...ref(), sha256: 'A'.repeat(64) },
      { ...ref(), name: '' },
      { ...ref(), name: '   ' },
      { ...ref(), name: 'a\nb.pdf' },
      { ...ref(), name: 'x'.repeat(256) },
      { ...ref(), size: 0 },
      { ...ref(), size: 1.5 },
      { ...ref(), size: '1000' },
      { ...ref(), mime: 5 },
      (({ name: _n, ...r }) => r)(ref()),
    ];
    for (const b of bad) assert.deepEqual(codes({ scans: [ref(1), b] }), [['/form/scans/1', 'INVALID_FILE']], JSON.stringify(b));
  });

  test('FILE_TYPE_NOT_ACCEPTED outside accept (default PDF, JPEG, PNG); FILE_TOO_LARGE over maxSizeKb (default 10240)', () => {
    assert.deepEqual(codes({ scans: [ref(1, { mime: 'image/gif' as FileRef['mime'] })] }), [['/form/scans/0', 'FILE_TYPE_NOT_ACCEPTED']]);
    assert.deepEqual(codes({ scans: [ref(1)], photos: [ref(2)] }), [['/form/photos/0', 'FILE_TYPE_NOT_ACCEPTED']], 'photos take images only');
    assert.deepEqual(codes({ scans: [ref(1, { size: 10_240 * 1024 })] }), []);
    assert.deepEqual(codes({ scans: [ref(1, { size: 10_240 * 1024 + 1 })] }), [['/form/scans/0', 'FILE_TOO_LARGE']]);
    assert.deepEqual(codes({ scans: [ref(1)], photos: [ref(2, { mime: 'image/jpeg', size: 500 * 1024 + 1 })] }), [['/form/photos/0', 'FILE_TOO_LARGE']]);
    assert.deepEqual(fileLimits(), { accept: ['application/pdf', 'image/jpeg', 'image/png'], maxSizeKb: 10_240, maxFiles: 5 });
  });

  test('DUPLICATE_FILE: one upload attached twice, in one field or in two', () => {
    assert.deepEqual(codes({ scans: [ref(1), ref(1)] }), [['/form/scans/1', 'DUPLICATE_FILE']]);
    assert.deepEqual(codes({ scans: [ref(1)], photos: [ref(1, { mime: 'image/png' })] }), [['/form/photos/0', 'DUPLICATE_FILE']]);
  });

  test('every message is in kk, ru and en and names the field (and the file)', () => {
    const errors = validateForm(def, { scans: [ref(1, { name: 'шешім.pdf', size: 99_999_999 }), ref(2, { mime: 'image/gif' as FileRef['mime'] }), 'x'], photos: [1, 2, 3].map((n) => ref(n + 10, { mime: 'image/png' })) });
    assert.deepEqual(errors.map((e) => e.code), ['FILE_TOO_LARGE', 'FILE_TYPE_NOT_ACCEPTED', 'INVALID_FILE', 'TOO_MANY_FILES']);
    for (const e of errors) for (const lang of ['kk', 'ru', 'en'] as const) assert.match(e.message[lang], new RegExp(lang === 'en' ? 'scans|photos' : `(scans|photos)-${lang}`));
    assert.match(errors[0]!.message.en, /“шешім\.pdf” is too large, at most 10 MB/);
    assert.match(errors[0]!.message.ru, /не более 10 МБ/);
    assert.match(errors[1]!.message.en, /attach a PDF, JPEG, PNG file/);
    assert.match(errors[3]!.message.kk, /ең көбі 2 файл/);
    assert.equal(sizeText(500, 'en'), '500 KB');
    assert.equal(sizeText(1536, 'ru'), '1,5 МБ');
  });

  test('normaliseForm keeps the references exactly as signed', () => {
    const form = { scans: [ref(1), ref(2)], photos: [] };
    assert.deepEqual(normaliseForm(def, form), { scans: [ref(1), ref(2)] });
    assert.ok(isFileRef(ref()));
  });

  test('the signed bytes carry every file’s SHA-256 (canonical JSON of the form)', () => {
    const files = [ref(1), ref(2)];
    const bytes = Buffer.from(signingPayload({ applicantIin: '880515300120', serviceCode: 'guardianship-reference', channel: 'portal', form: { decisionScan: files }, idempotencyKey: 'k' })).toString('utf8');
    for (const f of files) assert.ok(bytes.includes(`"sha256":"${f.sha256}"`), 'the hash is signed');
    const other = Buffer.from(signingPayload({ applicantIin: '880515300120', serviceCode: 'guardianship-reference', channel: 'portal', form: { decisionScan: [files[0], { ...files[1]!, sha256: 'f'.repeat(64) }] }, idempotencyKey: 'k' })).toString('utf8');
    assert.notEqual(bytes, other, 'another file is other bytes to sign');
  });
});

describe('content sniffing and names', () => {
  test('PDF, JPEG and PNG by their first bytes; anything else is unknown', () => {
    assert.equal(sniffMime(tinyPdf()), 'application/pdf');
    assert.equal(sniffMime(JPEG_BYTES), 'image/jpeg');
    assert.equal(sniffMime(PNG_BYTES), 'image/png');
    for (const b of [Buffer.alloc(0), Buffer.from('%PDF'), Buffer.from([0xff, 0xd8]), Buffer.from('GIF89a'), Buffer.from('PK\u0003\u0004'), PNG_BYTES.subarray(0, 7)]) assert.equal(sniffMime(b), null);
  });

  test('declared types: parameters and case ignored, image/jpg read as image/jpeg, others null', () => {
    assert.equal(declaredMime('Application/PDF; name=x'), 'application/pdf');
    assert.equal(declaredMime('image/jpg'), 'image/jpeg');
    assert.equal(declaredMime('image/png'), 'image/png');
    for (const t of [undefined, '', 'text/plain', 'application/octet-stream', 'image/gif', 'application/pdfx']) assert.equal(declaredMime(t), null);
  });

  test('file names: percent-decoded, the folder dropped, a default when absent; Content-Disposition is header-safe', () => {
    assert.equal(uploadName(encodeURIComponent('Туу туралы куәлік.pdf'), 'application/pdf'), 'Туу туралы куәлік.pdf');
    assert.equal(uploadName(encodeURIComponent('../../etc/passwd'), 'application/pdf'), 'passwd');
    assert.equal(uploadName(undefined, 'image/jpeg'), 'scan.jpg');
    for (const bad of ['%ZZ', encodeURIComponent('a\u0000b'), encodeURIComponent('dir/'), '%ED%A0%80.pdf']) assert.throws(() => uploadName(bad, 'application/pdf'), /UPLOAD_NAME_INVALID/);
    const cd = contentDisposition('шешім "1".pdf');
    assert.match(cd, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''%D1%88/);
    assert.doesNotMatch(cd.split(';')[1]!, /"1"/, 'quotes in the name cannot break the header');
  });
});

describe('definitions and the loader', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('file fields where the seeds ask for scans: guardianship (decision; birth certificate if born before 13.08.2007), archival, civil registration', async () => {
    const reg = await loadRegistry('services');
    const files = (code: string) => reg.inForce(code)!.form.fields.filter((f) => f.type === 'file');
    const g = files('guardianship-reference');
    assert.deepEqual(g.map((f) => [f.name, f.required, f.document]), [
      ['decisionScan', true, 'guardianship-decision-scan'],
      ['birthCertificateScan', true, 'child-birth-certificate-scan'],
    ]);
    const gdef = reg.inForce('guardianship-reference')!;
    const ex = gdef.form.example;
    const portal = { $channel: 'portal' };
    assert.deepEqual(validateForm(gdef, ex, portal).map((e) => [e.path, e.code]), [['/form/decisionScan', 'REQUIRED']], 'the portal asks for the decision');
    assert.deepEqual(validateForm(gdef, { ...ex, childBirthDate: '2005-01-01', decisionDate: '2010-01-01' }, portal).map((e) => e.path), ['/form/decisionScan', '/form/birthCertificateScan'], 'born before 13.08.2007: the certificate too');
    assert.deepEqual(validateForm(gdef, ex, { $channel: 'centre' }), [], 'at a centre paper copies are shown instead');
    assert.deepEqual(files('archival-reference').map((f) => [f.name, f.required]), [['attachedScans', false]]);
    for (const code of ['civil-repeat-certificate', 'birth-registration']) assert.deepEqual(files(code).map((f) => [f.name, f.required, f.document]), [['cl9Scans', false, 'standard-cl9-scans']], code);
    // Every file field's document is a scanned copy of its own definition, offered on the portal.
    for (const d of reg.list())
      for (const f of d.form.fields.filter((x) => x.type === 'file')) {
        const doc = d.documents.find((x) => x.id === f.document);
        assert.ok(doc && doc.form === 'scan' && doc.channels.includes('portal'), `${d.code} ${f.name}`);
      }
  });

  function fixture(def: Record<string, unknown>): string {
    const root = mkdtempSync(join(tmpdir(), 'qyzmet-files-'));
    dirs.push(root);
    mkdirSync(join(root, 'services/demo'), { recursive: true });
    writeFileSync(join(root, 'services/demo/v1.yaml'), stringify(def));
    return join(root, 'services');
  }
  const i18n = (s: string) => ({ kk: `${s} kk`, ru: `${s} ru`, en: s });
  function demo(fields: unknown[], documents: unknown[] = []) {
    const base = (loadDefinitions().find((d) => d.code === 'address-reference') ?? {}) as unknown as Record<string, unknown>;
    const { editorial: _e, ...rest } = base as Record<string, unknown> & { editorial?: unknown };
    return { ...rest, code: 'demo', version: 1, documents: [...(rest.documents as unknown[]), ...documents], form: { fields: [...((rest.form as { fields: unknown[] }).fields), ...fields], example: (rest.form as { example: unknown }).example } };
  }
  const broken = (def: Record<string, unknown>, path: RegExp, rule: string) =>
    assert.throws(
      () => loadDefinitions({ dir: fixture(def) }),
      (e: unknown) => e instanceof DefinitionError && path.test(e.path) && e.rule === rule,
    );

  test('loader: file options only on file fields, `document` names a scan of this definition, accept only known types', () => {
    const scanDoc = { id: 'x-scan', name: i18n('X scan'), channels: ['portal'], form: 'scan' };
    assert.ok(loadDefinitions({ dir: fixture(demo([{ name: 'xScans', type: 'file', required: false, label: i18n('X'), document: 'x-scan', accept: ['application/pdf'], maxSizeKb: 2048, maxFiles: 3 }], [scanDoc])) }).length);
    broken(demo([{ name: 'note', type: 'string', required: false, label: i18n('N'), maxFiles: 3 }]), /\/maxFiles$/, 'file-option');
    broken(demo([{ name: 'xScans', type: 'file', required: false, label: i18n('X'), document: 'nope' }]), /\/document$/, 'reference');
    broken(demo([{ name: 'xScans', type: 'file', required: false, label: i18n('X'), document: 'e-request' }], []), /\/document$/, 'file-document');
    broken(demo([{ name: 'xScans', type: 'file', required: false, label: i18n('X'), accept: ['image/gif'] }]), /\/accept\/0$/, 'enum');
  });
});
