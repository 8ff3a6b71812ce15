/**
 * Result documents (src/documents, issue 10 items 1, 3, 5): every kind renders to a PDF whose text
 * pdftotext extracts (the number, the Kazakh and Russian text, the e-government line, the QR's
 * address), deterministically; numbers carry a check digit; a document prepared and signed with a
 * demo head's SIGN keystore verifies on the public endpoint, a revoked one says so, a changed byte
 * or a foreign signature does not verify; the PDF goes to its owner and the issuing organisation's
 * staff only. Both engines (TEST_DATABASE_URL for PostgreSQL).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, demoKeystore } from '../src/demo/demo.ts';
import { applicationDocuments, attachSignature, documentBytes, prepareDocument, revokeDocument } from '../src/documents/documents.ts';
import { buildModel, type RenderInput } from '../src/documents/model.ts';
import { dammDigit, formatDocumentNumber, parseDocumentNumber } from '../src/documents/number.ts';
import { renderDocument } from '../src/documents/render.ts';
import { buildApp } from '../src/http/app.ts';
import { makeIin } from '../src/ids/iin.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { signCms } from '../src/pki/sign.ts';
import type { ServiceDefinition } from '../src/registry/types.ts';
import { engine, makeTestContext } from './helpers/context.ts';

type Who = { iin: string; password: string; phone: string; surname: string; givenName: string; patronymic: string | null };
const [citizen, otherCitizen] = DEMO_ACCOUNTS.filter((a) => a.role === 'citizen') as unknown as [Who, Who];
const ORG = 'pavlodar-archives';
const head = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === ORG)!;
const clerk = DEMO_ACCOUNTS.find((a) => a.role === 'provider-clerk' && a.orgId === ORG)!;
const otherOrgHead = DEMO_ACCOUNTS.find((a) => a.role === 'provider-head' && a.orgId === 'astana-education')!;
const nameOf = (w: Who) => [w.surname, w.givenName, w.patronymic].filter(Boolean).join(' ');

let ctx: Awaited<ReturnType<typeof makeTestContext>>;
let app: FastifyInstance;
const tokens = new Map<string, string>();
const dir = mkdtempSync(join(tmpdir(), 'qyzmet-docs-'));

function pdfText(bytes: Uint8Array, layout = false): string {
  const f = join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.pdf`);
  writeFileSync(f, bytes);
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout;
}
/** The text with line breaks and runs of spaces as one space (pdftotext breaks lines where the page does). */
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function loginAs(who: Who): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { iin: who.iin, password: who.password } });
  assert.equal(r.statusCode, 200, r.body);
  if (!r.json().mfaRequired) return r.json().token as string;
  const sms = (await app.inject({ url: '/api/v1/demo/sms', query: { phone: who.phone } })).json().items[0].body as string;
  const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/sms', payload: { otpId: r.json().otpId, code: /\b(\d{6})\b/.exec(sms)![1] } });
  assert.equal(r2.statusCode, 200, r2.body);
  return r2.json().token as string;
}
const auth = (who: { iin: string }) => ({ authorization: `Bearer ${tokens.get(who.iin)}` });

const def = (code: string): ServiceDefinition => {
  const d = ctx.registry.versions(code).at(-1);
  assert.ok(d, code);
  return d;
};

/** An application of `applicant` to `code`, worked by `org` (the document module needs only its row). */
async function application(code: string, applicant: Who = citizen, org = ORG) {
  const d = def(code);
  const id = uuid7();
  const number = `DOC-${engine}-${id.slice(-8)}`;
  const user = (await ctx.db.query<{ id: string }>('SELECT id FROM users WHERE iin = $1', [applicant.iin])).rows[0]!;
  const filedAt = new Date('2026-02-20T05:00:00Z');
  await ctx.db.query(
    `INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form, filed_at, provider_org)
     VALUES ($1,$2,$3,$4,'portal',$5,$6,'in-progress','{}',$7,$8)`,
    [id, number, code, d.version, user.id, applicant.iin, filedAt, org],
  );
  return { id, number, applicant_iin: applicant.iin, applicant_id: user.id, filed_at: filedAt };
}

const ARCHIVAL = {
  referenceType: 'еңбек өтілі туралы',
  period: '1995–2001',
  content: 'Ахметов Нұрлан Серікұлы «Павлодар тракторы» АҚ-да 1995 жылғы 3 сәуірден 2001 жылғы 30 маусымға дейін слесарь болып жұмыс істеді.',
  basis: 'Қор 12, тізімдеме 3, іс 45, 12–14 парақтар',
  archivist: 'Серікова Әйгерім Болатқызы',
};

/** Prepare a document in a transaction, as the back office's signing step will. */
async function prepared(code: string, decision: { kind: 'approve' | 'refuse'; data: Record<string, unknown> }, opts: { applicant?: Who; official?: { name: string; iin: string } } = {}) {
  const a = await application(code, opts.applicant);
  const official = opts.official ?? { name: nameOf(head), iin: head.iin };
  const d = await ctx.db.tx((q) => prepareDocument(ctx, q, { application: a, decision, def: def(code), org: ORG, official, now: new Date() }));
  return { app: a, ...d };
}

/** The head signs the bytes with their demo SIGN keystore; the pipeline's check (the verifier), then attachSignature. */
async function signed(doc: { number: string; bytes: Uint8Array }, signer: { iin: string; password: string; p12?: string } = head) {
  const p12 = signer.p12 ?? (await demoKeystore(ctx.db, signer.iin, 'sign'));
  assert.ok(p12);
  const cms = await signCms(doc.bytes, p12, signer.password, { detached: true });
  const v = await ctx.pki.verifier.verify(cms, { data: doc.bytes, purpose: 'sign' });
  assert.ok(v.valid && v.signer, JSON.stringify(v.errors));
  await ctx.db.tx((q) => attachSignature(q, doc.number, cms, v.signer!.serial, new Date()));
  return cms;
}

const verify = (n: string) => app.inject({ url: `/api/v1/documents/${encodeURIComponent(n)}/verify` });
const pdf = (n: string, who?: { iin: string }) => app.inject({ url: `/api/v1/documents/${encodeURIComponent(n)}.pdf`, headers: who ? auth(who) : {} });

before(async () => {
  ctx = await makeTestContext();
  app = await buildApp(ctx);
  for (const who of [citizen, otherCitizen, head, clerk, otherOrgHead] as Who[]) tokens.set(who.iin, await loginAs(who));
});
after(async () => {
  await app?.close();
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('document numbers', () => {
  test('format and check digit: every single-digit error and every swap of neighbours is caught', () => {
    const n = formatDocumentNumber(2026, 1);
    assert.match(n, /^KZ-DOC-26-00000001-\d$/);
    assert.equal(parseDocumentNumber(n), n);
    assert.equal(parseDocumentNumber(` ${n.toLowerCase()} `), n, 'any case, spaces around');
    for (const serial of [1, 42, 1234567, 99_999_999, 123_456_789]) {
      const num = formatDocumentNumber(2026, serial);
      assert.equal(parseDocumentNumber(num), num);
      const digits = num.replace(/\D/g, '');
      const body = digits.slice(0, -1);
      assert.equal(dammDigit(body), Number(digits.at(-1)));
      for (let i = 0; i < body.length; i++) {
        for (let d = 0; d <= 9; d++) if (String(d) !== body[i]) assert.notEqual(dammDigit(body.slice(0, i) + d + body.slice(i + 1)), dammDigit(body), `digit ${i} → ${d}`);
        if (i + 1 < body.length && body[i] !== body[i + 1]) assert.notEqual(dammDigit(body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2)), dammDigit(body), `swap ${i}`);
      }
    }
    const bad = n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10);
    for (const s of [bad, 'KZ-DOC-26-1-0', 'KZ-DOC-26-00000001', 'hello', '', 'KZ-DOC-26-000000001-5', 'KZ-DOC-2X-00000001-5']) assert.equal(parseDocumentNumber(s), null, s);
  });
});

describe('rendering', () => {
  const base = (code: string): RenderInput => ({
    kind: 'result',
    number: formatDocumentNumber(2026, 7),
    issuedAt: new Date('2026-03-05T06:30:00Z'),
    publicBaseUrl: 'https://qyzmet.example.kz',
    def: def(code),
    application: { number: '260220-000123', filedAt: new Date('2026-02-20T05:00:00Z'), applicantName: 'Ахметов Нұрлан Серікұлы', applicantIin: '880515300120' },
    decision: {},
    issuer: { id: ORG, name: ctx.orgs.get(ORG)!.name },
    official: { name: 'Бекмұхамедов Ерлан Сағатұлы' },
  });

  test('the archival reference (001 annex 7): number, Kazakh and Russian text, the e-government line and the QR address come out of pdftotext', async () => {
    const bytes = await renderDocument({ ...base('archival-reference'), decision: ARCHIVAL });
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
    const text = flat(pdfText(bytes));
    for (const s of [
      'KZ-DOC-26-00000007',
      'МҰРАҒАТТЫҚ АНЫҚТАМА',
      'АРХИВНАЯ СПРАВКА',
      'Мұрағаттық анықтаманың түрі',
      'еңбек өтілі туралы',
      'Қор 12, тізімдеме 3, іс 45',
      'Мұрағат директоры',
      'Бекмұхамедов Ерлан Сағатұлы',
      'Серікова Әйгерім Болатқызы',
      '05.03.2026',
      '20.02.2026',
      'ЖСН / ИИН 880515300120',
      '«Электрондық үкімет» ақпараттық жүйесі арқылы қалыптастырылды',
      'Сформировано информационной системой «электронного правительства»',
      `https://qyzmet.example.kz/verify/${formatDocumentNumber(2026, 7)}`,
    ])
      assert.ok(text.includes(s), `“${s}” in the text:\n${text}`);
    // The font is embedded (a subset of DejaVu Sans), no standard font the reader must supply.
    const f = join(dir, 'fonts.pdf');
    writeFileSync(f, bytes);
    const fonts = spawnSync('pdffonts', [f], { encoding: 'utf8' }).stdout;
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    assert.ok(rows.length >= 2 && rows.every((r) => /DejaVuSans/.test(r) && /\byes\s+yes\s+yes\b/.test(r)), fonts);
  });

  test('the same input gives the same bytes (they can be rendered again and signed); another number, other bytes', async () => {
    const input = { ...base('guardianship-reference'), decision: { guardianFullName: 'Жұмабаева Әйгерім Маратқызы', guardianAddress: 'Астана қ., Қабанбай батыр д-лы, 11 үй, 5 пәтер', appointment: 'guardian', akimDecisionNumber: '123', akimDecisionDate: '2025-11-02', wardFullName: 'Жұмабаев Ержан Асқарұлы', wardBirthDate: '2015-06-01', property: 'no-property', headFullName: 'Қасымова Роза Төлегенқызы' } };
    const a = await renderDocument(input);
    const b = await renderDocument(structuredClone(input));
    assert.deepEqual(Buffer.from(a), Buffer.from(b));
    const c = await renderDocument({ ...input, number: formatDocumentNumber(2026, 8) });
    assert.notDeepEqual(Buffer.from(a), Buffer.from(c));
    // 004 annex 3: the reference text in both languages with the enum labels and dates, valid one month.
    const text = flat(pdfText(a));
    for (const s of ['ҚОРҒАНШЫЛЫҚ ЖӘНЕ ҚАМҚОРШЫЛЫҚ ЖӨНІНДЕ АНЫҚТАМА', 'СПРАВКА ПО ОПЕКЕ И ПОПЕЧИТЕЛЬСТВУ', 'Жұмабаев Ержан Асқарұлы', 'қорғаншы болып тағайындалғаны', 'назначен(а) опекуном', '02.11.2025', 'имущества не имеет', 'Руководитель отдела образования района/города', '05.04.2026 дейін жарамды', 'действительна до 05.04.2026'])
      assert.ok(text.includes(s), `“${s}” in the text:\n${text}`);
  });

  test('every definition renders a result and a refusal letter whose text shows the number and Kazakh text', async () => {
    const seen = new Set<string>();
    for (const code of ctx.registry.codes()) {
      const d = def(code);
      seen.add(d.result.template ?? 'generic');
      const data = Object.fromEntries((d.result.decisionFields ?? [{ name: 'text' }]).map((f) => [f.name, 'options' in f && f.options?.[0] ? f.options[0].value : 'date' === (f as { type?: string }).type ? '2026-01-15' : `Мәтін ${f.name}`]));
      for (const kind of ['result', 'refusal'] as const) {
        const grounds = d.refusalGrounds.slice(0, 2);
        const bytes = await renderDocument({ ...base(code), kind, decision: kind === 'result' ? data : { grounds: grounds.map((g) => g.id), text: 'Құжаттардың көшірмелері жоқ.' }, actRecord: { number: '000123', date: '2026-03-04' } });
        const text = flat(pdfText(bytes));
        assert.ok(text.includes(formatDocumentNumber(2026, 7)), `${code} ${kind}: the number`);
        assert.ok(text.includes('«Электрондық үкімет» ақпараттық жүйесі арқылы қалыптастырылды'), `${code} ${kind}: the e-government line`);
        assert.ok(/[ӘҒҚҢӨҰҮҺІәғқңөұүһі]/.test(text), `${code} ${kind}: Kazakh letters`);
        const model = buildModel({ ...base(code), kind, decision: kind === 'result' ? data : { grounds: grounds.map((g) => g.id) } });
        assert.ok(text.includes(flat(model.title.kk)) && text.includes(flat(model.title.ru)), `${code} ${kind}: the title ${model.title.kk}`);
        if (kind === 'refusal') {
          assert.ok(text.includes('БАС ТАРТУ ТУРАЛЫ ДӘЛЕЛДІ ЖАУАП'), code);
          // The standard's grounds by their words (the first 40 characters), and the reasons.
          for (const g of grounds) assert.ok(text.includes(flat(g.text.kk).slice(0, 40)), `${code}: ground ${g.id}`);
          assert.ok(text.includes('Құжаттардың көшірмелері жоқ.'), code);
        } else {
          for (const f of d.result.decisionFields ?? []) if (f.type === 'string' || f.type === 'text') assert.ok(text.includes(`Мәтін ${f.name}`) || f.name === 'headFullName', `${code}: field ${f.name}`);
        }
      }
    }
    for (const t of ['archival-reference', 'guardianship-reference', 'birth-certificate', 'marriage-certificate', 'end-user-certificate', 'processing-permit', 'minor-deposit-reference']) assert.ok(seen.has(t), t);
  });

  test('the civil-status certificate carries the act record; a long reference runs over pages with the footer on each', async () => {
    const birth = flat(pdfText(await renderDocument({ ...base('birth-registration'), decision: { text: 'Туу туралы акт жазбасы жасалды.' }, actRecord: { number: '000123', date: '2026-03-04' } })));
    assert.ok(birth.includes('ТУУ ТУРАЛЫ КУӘЛІК') && birth.includes('СВИДЕТЕЛЬСТВО О РОЖДЕНИИ') && birth.includes('№ 000123, 04.03.2026'), birth);
    const long = await renderDocument({ ...base('archival-reference'), decision: { ...ARCHIVAL, content: `${ARCHIVAL.content}\n`.repeat(60) } });
    const pages = pdfText(long).split('\f').filter((p) => p.trim());
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    pages.forEach((p, i) => {
      assert.ok(flat(p).includes(`${i + 1}/${pages.length} бет / стр.`), `page ${i + 1}: ${flat(p).slice(-300)}`);
      assert.ok(flat(p).includes('«Электрондық үкімет» ақпараттық жүйесі арқылы қалыптастырылды'), `page ${i + 1}`);
    });
  });
});

describe(`stored documents, verification and download (${engine})`, () => {
  test('prepared → not yet valid; signed by the head → valid, the PDF is the owner’s and the archive staff’s, nobody else’s', async () => {
    const d = await prepared('archival-reference', { kind: 'approve', data: ARCHIVAL });
    assert.match(d.number, /^KZ-DOC-\d{2}-\d{8}-\d$/);
    assert.equal(d.kind, 'result');
    assert.equal(d.sha256, createHash('sha256').update(d.bytes).digest('hex'));
    assert.deepEqual(Buffer.from((await documentBytes(ctx.db, d.number))!.bytes), Buffer.from(d.bytes), 'the stored bytes are the rendered ones');
    const text = flat(pdfText(d.bytes));
    assert.ok(text.includes(d.number) && text.includes(nameOf(citizen)) && text.includes(ctx.orgs.get(ORG)!.name.kk) && text.includes(d.app.number), text);

    const before = await verify(d.number);
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().valid, false);
    assert.equal(before.json().signed, false);
    assert.deepEqual(before.json().problems, ['DOCUMENT_NOT_SIGNED']);
    const early = await pdf(d.number, citizen);
    assert.equal(early.statusCode, 409, early.body);
    assert.equal(early.json().code, 'DOCUMENT_NOT_SIGNED');
    assert.deepEqual(await applicationDocuments(ctx.db, d.app.id), [], 'the cabinet lists signed documents only');

    await signed(d);
    const v = await verify(d.number.toLowerCase());
    assert.equal(v.statusCode, 200, v.body);
    const body = v.json();
    assert.equal(body.valid, true, JSON.stringify(body.problems));
    assert.equal(body.number, d.number);
    assert.equal(body.status, 'valid');
    assert.equal(body.sha256, d.sha256);
    assert.equal(body.service.code, 'archival-reference');
    assert.equal(body.service.name.kk, def('archival-reference').name.kk);
    assert.equal(body.issuer.orgId, ORG);
    assert.equal(body.issuer.name.ru, ctx.orgs.get(ORG)!.name.ru);
    assert.equal(body.issuer.official, nameOf(head));
    assert.ok(Math.abs(Date.parse(body.issuedAt) - Date.now()) < 60_000);
    assert.match(body.signer.name, new RegExp(head.surname, 'i'));
    assert.equal(v.headers['cache-control'], 'no-store');

    const mine = await pdf(d.number, citizen);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.headers['content-type'], 'application/pdf');
    assert.equal(createHash('sha256').update(mine.rawPayload).digest('hex'), body.sha256, 'the download is the verified bytes');
    assert.equal(mine.headers['x-document-sha256'], d.sha256);
    const staff = await pdf(d.number, clerk);
    assert.equal(staff.statusCode, 200, staff.body);
    const audited = await ctx.db.query<{ n: number }>("SELECT count(*)::int n FROM audit_log WHERE event = 'document.read' AND subject_id = $1", [d.app.id]);
    assert.equal(audited.rows[0]!.n, 1, 'the staff read is audited, the owner’s is not');
    for (const who of [otherCitizen, otherOrgHead]) {
      const r = await pdf(d.number, who);
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().code, 'DOCUMENT_FORBIDDEN');
      assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
    }
    assert.equal((await pdf(d.number)).statusCode, 401);
    assert.deepEqual(
      (await applicationDocuments(ctx.db, d.app.id)).map((x) => [x.number, x.kind, x.status]),
      [[d.number, 'result', 'valid']],
    );
    // Once: a second signature is refused and changes nothing.
    const again = await ctx.db.tx((q) => attachSignature(q, d.number, new Uint8Array([1, 2, 3]), 'ff', new Date())).catch((e: Error & { code?: string }) => e);
    assert.equal((again as { code?: string }).code, 'DOCUMENT_ALREADY_SIGNED');
    assert.equal((await verify(d.number)).json().valid, true);
  });

  test('bad numbers: malformed → 400, unknown → 404, each with its code, on both routes', async () => {
    const unknown = formatDocumentNumber(2026, 99_999_998);
    for (const [n, status, code] of [
      ['KZ-DOC-26-00000001-0', 400, 'DOCUMENT_NUMBER_INVALID'],
      ['not-a-number', 400, 'DOCUMENT_NUMBER_INVALID'],
      ['KZ-DOC-' + '1'.repeat(120), 400, 'DOCUMENT_NUMBER_INVALID'],
      ['Құжат', 400, 'DOCUMENT_NUMBER_INVALID'],
      [unknown, 404, 'DOCUMENT_NOT_FOUND'],
    ] as const) {
      // 00000001-0: the check digit of serial 1 is not 0 (the test above would fail otherwise).
      for (const r of [await verify(n), await pdf(n, citizen)]) {
        assert.equal(r.statusCode, status, `${n}: ${r.body}`);
        assert.equal(r.json().code, code);
        assert.ok(r.json().message.kk && r.json().message.ru && r.json().message.en);
      }
    }
    assert.notEqual(formatDocumentNumber(2026, 1), 'KZ-DOC-26-00000001-0');
  });

  test('a corrected certificate replaces a revoked one: the verification says revoked and names it', async () => {
    const first = await prepared('birth-registration', { kind: 'approve', data: { text: 'Туу туралы акт жазбасы, қатемен.' } });
    await signed(first);
    const a = first.app;
    const fixed = await ctx.db.tx((q) => prepareDocument(ctx, q, { application: a, decision: { kind: 'approve', data: { text: 'Туу туралы акт жазбасы, түзетілген.' } }, def: def('birth-registration'), org: ORG, official: { name: nameOf(head), iin: head.iin }, now: new Date(), actRecord: { number: '000124' } }));
    await signed(fixed);
    // A replacement of another application, or the document itself, is refused; nothing changes.
    const other = await prepared('birth-registration', { kind: 'approve', data: { text: 'x' } });
    for (const replacedBy of [other.number, first.number, 'KZ-DOC-26-00000001-0']) {
      const e = await ctx.db.tx((q) => revokeDocument(ctx, q, first.number, { reason: 'қате', replacedBy })).catch((x: { code?: string }) => x);
      assert.equal((e as { code?: string }).code, 'DOCUMENT_REPLACEMENT_INVALID', replacedBy);
    }
    assert.equal((await verify(first.number)).json().status, 'valid');
    await ctx.db.tx((q) => revokeDocument(ctx, q, first.number, { reason: 'Туу күні қате жазылған / Ошибка в дате рождения', replacedBy: fixed.number, actor: { id: null, role: 'provider-head' } }));
    const v = (await verify(first.number)).json();
    assert.equal(v.status, 'revoked');
    assert.equal(v.valid, false);
    assert.equal(v.signed, true);
    assert.equal(v.replacedBy, fixed.number);
    assert.ok(v.revokedAt && v.revocationReason?.includes('Ошибка'));
    assert.deepEqual(v.problems, ['DOCUMENT_REVOKED']);
    assert.equal((await verify(fixed.number)).json().valid, true);
    const twice = await ctx.db.tx((q) => revokeDocument(ctx, q, first.number, { reason: 'again' })).catch((x: { code?: string }) => x);
    assert.equal((twice as { code?: string }).code, 'DOCUMENT_REVOKED');
    assert.equal((await ctx.db.query<{ n: number }>("SELECT count(*)::int n FROM audit_log WHERE event = 'document.revoked' AND subject_id = $1", [a.id])).rows[0]!.n, 1);
    // The owner still gets the revoked PDF (it is theirs); the verification tells everyone it is revoked.
    assert.equal((await pdf(first.number, citizen)).statusCode, 200);
  });

  test('not authentic: changed stored bytes, a signature not by the official, a revoked signing certificate; a refusal letter verifies', async () => {
    // Bytes changed after signing.
    const t = await prepared('archival-reference', { kind: 'approve', data: ARCHIVAL });
    await signed(t);
    const tampered = Buffer.from(t.bytes);
    tampered[tampered.length - 10]! ^= 1;
    await ctx.db.query('UPDATE documents SET pdf = $2 WHERE number = $1', [t.number, tampered]);
    const vt = (await verify(t.number)).json();
    assert.equal(vt.valid, false);
    assert.ok(vt.problems.includes('DOCUMENT_BYTES_CHANGED') && vt.problems.includes('EDS_BAD_SIGNATURE'), vt.problems.join());

    // Signed over the right bytes, but by someone else than the official named on it.
    const w = await prepared('archival-reference', { kind: 'approve', data: ARCHIVAL });
    await signed(w, citizen);
    const vw = (await verify(w.number)).json();
    assert.equal(vw.valid, false);
    assert.ok(vw.problems.includes('EDS_IIN_MISMATCH'), vw.problems.join());

    // The official's certificate is revoked after signing: no longer valid.
    const iin = makeIin('1970-02-02', 'male', 911);
    const issued = await ctx.pki.ca!.issue({ iin, name: 'САПАРОВ АСАН', usage: 'sign', algorithm: 'ecdsa', password: 'Qyzmet-2026' });
    const r = await prepared('guardianship-reference', { kind: 'refuse', data: { grounds: ['incomplete-package'], text: 'Әкімнің шешімінің көшірмесі жоқ.' } }, { official: { name: 'Сапаров Асан', iin } });
    assert.equal(r.kind, 'refusal');
    await signed(r, { iin, password: 'Qyzmet-2026', p12: issued.pkcs12 });
    const ok = (await verify(r.number)).json();
    assert.equal(ok.valid, true, ok.problems.join());
    assert.equal(ok.kind, 'refusal');
    const letter = flat(pdfText(r.bytes));
    assert.ok(letter.includes('БАС ТАРТУ ТУРАЛЫ ДӘЛЕЛДІ ЖАУАП') && letter.includes('Әкімнің шешімінің көшірмесі жоқ.') && letter.includes(flat(def('guardianship-reference').refusalGrounds[0]!.text.kk).slice(0, 40)), letter);
    await ctx.pki.ca!.revoke(issued.serial, 'keyCompromise');
    const gone = (await verify(r.number)).json();
    assert.equal(gone.valid, false);
    assert.equal(gone.status, 'valid', 'the document itself is not revoked…');
    assert.ok(gone.problems.includes('EDS_REVOKED'), gone.problems.join());
  });
});
