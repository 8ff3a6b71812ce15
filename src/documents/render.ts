/**
 * A document's PDF: the page model (model.ts) drawn with pdfkit on A4 in Kazakh and Russian, in
 * DejaVu Sans embedded as a subset with its ToUnicode map (so `pdftotext` extracts the text),
 * with a vector QR code to the verification page and the e-government line on every page.
 *
 * Deterministic: the creation date, the file ID (derived by pdfkit from the info dictionary) and
 * everything else come from the input, so the same input gives the same bytes — the bytes the
 * official signs can be rendered again and compared.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { type Block, buildModel, type DocumentModel, type RenderInput } from './model.ts';
import { type Bi, FRAME } from './templates.ts';

export type { RenderInput } from './model.ts';

const requireHere = createRequire(import.meta.url);
const FONT_DIR = join(dirname(requireHere.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/** pdfkit's own font engine (its dependency, resolved from pdfkit): a font parsed once serves every document. */
const fontkit = createRequire(requireHere.resolve('pdfkit'))('fontkit') as { create(b: Uint8Array): object };

/** A parsed font as pdfkit takes it (anything with `layout`); pdfkit's types only name paths and buffers. */
type ParsedFont = string;
let fonts: { regular: ParsedFont; bold: ParsedFont } | null = null;
/**
 * DejaVu Sans (package dejavu-fonts-ttf, free licence): every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І).
 * Parsed once per process: parsing the 750 KB file per document cost ~200 ms of table decoding;
 * each document still makes its own subset of the glyphs it uses.
 */
function fontFiles() {
  fonts ??= {
    regular: fontkit.create(readFileSync(join(FONT_DIR, 'DejaVuSans.ttf'))) as unknown as ParsedFont,
    bold: fontkit.create(readFileSync(join(FONT_DIR, 'DejaVuSans-Bold.ttf'))) as unknown as ParsedFont,
  };
  return fonts;
}

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 56;
const RIGHT = PAGE_W - 50;
const WIDTH = RIGHT - LEFT;
const TOP = 48;
/** The footer's band at the bottom of every page (QR code and the e-government line). */
const FOOT = 118;
const LABEL_W = 178;
const INK = '#111111';
const GREY = '#555555';
const ACCENT = '#00AFCA';

type Doc = PDFKit.PDFDocument;

/** Render the document of `input` as PDF bytes (deterministic: same input, same bytes). */
export async function renderDocument(input: RenderInput): Promise<Uint8Array> {
  return renderModel(buildModel(input));
}

export async function renderModel(m: DocumentModel): Promise<Uint8Array> {
  const f = fontFiles();
  // fontkit keeps a glyph with the characters of its first request; the subset of an earlier
  // document asks for glyphs without characters, which would leave them out of this document's
  // ToUnicode map (pdftotext would miss letters). The parsed tables stay; the glyphs start afresh.
  // No await until doc.end(): no other rendering runs in between.
  for (const font of [f.regular, f.bold]) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, left: LEFT, right: PAGE_W - RIGHT, bottom: FOOT + 14 },
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'kk-KZ',
    displayTitle: true,
    // No standard (non-embedded) font: DejaVu only, registered below.
    font: null as unknown as string,
    info: {
      Title: m.info.title,
      Author: m.info.author,
      Subject: m.info.subject,
      Keywords: m.info.keywords,
      Creator: 'Qyzmet',
      Producer: 'Qyzmet (pdfkit)',
      CreationDate: m.issuedAt,
      ModDate: m.issuedAt,
    },
  });
  doc.registerFont('R', f.regular);
  doc.registerFont('B', f.bold);
  doc.font('R');
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  header(doc, m);
  for (const b of m.blocks) block(doc, b);
  signatures(doc, m);
  const qr = QRCode.create(m.verifyUrl, { errorCorrectionLevel: 'M' });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    footer(doc, m, qr, i - range.start + 1, range.count);
  }
  doc.end();
  return done;
}

const bottom = (doc: Doc) => PAGE_H - doc.page.margins.bottom;

/** Room for `h` points on this page, else a new page. */
function ensure(doc: Doc, h: number) {
  if (doc.y + h > bottom(doc)) {
    doc.addPage();
    doc.y = TOP;
  }
}

function header(doc: Doc, m: DocumentModel) {
  if (m.annex) {
    doc.font('R').fontSize(7.5).fillColor(GREY).text(`${m.annex.kk} / ${m.annex.ru}`, LEFT, 28, { width: WIDTH, align: 'right' });
  }
  const col = (WIDTH - 24) / 2;
  doc.font('B').fontSize(10).fillColor(INK);
  const hk = doc.heightOfString(m.issuer.kk, { width: col, align: 'center' });
  const hr = doc.heightOfString(m.issuer.ru, { width: col, align: 'center' });
  doc.text(m.issuer.kk, LEFT, TOP, { width: col, align: 'center' });
  doc.text(m.issuer.ru, LEFT + col + 24, TOP, { width: col, align: 'center' });
  let y = TOP + Math.max(hk, hr) + 8;
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(1.4).strokeColor(ACCENT).stroke();
  y += 16;
  doc.font('B').fontSize(14).fillColor(INK).text(m.title.kk, LEFT, y, { width: WIDTH, align: 'center' });
  doc.moveDown(0.15);
  doc.font('B').fontSize(12).text(m.title.ru, LEFT, doc.y, { width: WIDTH, align: 'center' });
  y = doc.y + 12;
  doc.font('R').fontSize(9).fillColor(INK);
  doc.text(`${FRAME.number.kk} / ${FRAME.number.ru}: `, LEFT, y, { continued: true }).font('B').text(m.number);
  doc.font('R').text(`${FRAME.issued.kk} / ${FRAME.issued.ru}: `, LEFT, doc.y + 2, { continued: true }).font('B').text(m.issueDate);
  doc.y += 12;
}

/** A label in both languages: Kazakh in bold, Russian under it in grey. */
function labelHeight(doc: Doc, l: Bi, width: number) {
  doc.font('B').fontSize(8.5);
  const a = doc.heightOfString(l.kk, { width });
  doc.font('R').fontSize(8);
  return a + doc.heightOfString(l.ru, { width });
}
function label(doc: Doc, l: Bi, x: number, y: number, width: number) {
  doc.font('B').fontSize(8.5).fillColor(INK).text(l.kk, x, y, { width });
  doc.font('R').fontSize(8).fillColor(GREY).text(l.ru, x, doc.y, { width });
}

function block(doc: Doc, b: Block) {
  switch (b.type) {
    case 'row': {
      const vx = LEFT + LABEL_W + 10;
      const vw = RIGHT - vx;
      doc.font('R').fontSize(10);
      const h = Math.max(labelHeight(doc, b.label, LABEL_W), doc.font('R').fontSize(10).heightOfString(b.value, { width: vw }));
      ensure(doc, Math.min(h, 200) + 6);
      const y = doc.y;
      label(doc, b.label, LEFT, y, LABEL_W);
      const ly = doc.y;
      doc.font('R').fontSize(10).fillColor(INK).text(b.value, vx, y, { width: vw });
      doc.x = LEFT;
      doc.y = Math.max(ly, doc.y) + 6;
      return;
    }
    case 'text': {
      ensure(doc, labelHeight(doc, b.label, WIDTH) + 30);
      label(doc, b.label, LEFT, doc.y, WIDTH);
      doc.moveDown(0.2);
      doc.font('R').fontSize(10).fillColor(INK).text(b.value, LEFT, doc.y, { width: WIDTH, align: 'left', paragraphGap: 3 });
      doc.y += 6;
      return;
    }
    case 'para': {
      ensure(doc, 40);
      doc.font('R').fontSize(10).fillColor(INK).text(b.text.kk, LEFT, doc.y + 2, { width: WIDTH, align: 'justify', indent: 24 });
      if (b.text.ru !== b.text.kk) {
        doc.moveDown(0.4);
        doc.fillColor('#333333').text(b.text.ru, LEFT, doc.y, { width: WIDTH, align: 'justify', indent: 24 });
      }
      doc.y += 8;
      return;
    }
    case 'list': {
      ensure(doc, labelHeight(doc, b.label, WIDTH) + 36);
      label(doc, b.label, LEFT, doc.y, WIDTH);
      doc.moveDown(0.3);
      b.items.forEach((it, i) => {
        ensure(doc, 28);
        doc.font('R').fontSize(10).fillColor(INK).text(`${i + 1}. ${it.kk}`, LEFT + 8, doc.y, { width: WIDTH - 8 });
        if (it.ru !== it.kk) doc.font('R').fontSize(9).fillColor(GREY).text(it.ru, LEFT + 22, doc.y + 1, { width: WIDTH - 22 });
        doc.y += 4;
      });
      doc.y += 6;
      return;
    }
  }
}

function signatures(doc: Doc, m: DocumentModel) {
  ensure(doc, 40 * m.signatories.length + 34);
  doc.y += 14;
  for (const s of m.signatories) {
    const y = doc.y;
    label(doc, s.position, LEFT, y, 260);
    const ly = doc.y;
    doc.font('B').fontSize(10).fillColor(INK).text(s.name, LEFT + 270, y, { width: RIGHT - LEFT - 270, align: 'right' });
    doc.x = LEFT;
    doc.y = Math.max(ly, doc.y) + 10;
  }
  doc.font('R').fontSize(8).fillColor(GREY).text(`${FRAME.signedWith.kk} / ${FRAME.signedWith.ru}`, LEFT, doc.y, { width: WIDTH });
}

/** The QR code as filled rectangles (one per run of dark modules in a row): vector, no image. */
function drawQr(doc: Doc, qr: QRCode.QRCode, x: number, y: number, size: number) {
  const n = qr.modules.size;
  const s = size / n;
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + start * s, y + r * s, (c - start) * s, s);
    }
  }
  doc.fillColor('#000000').fill();
}

function footer(doc: Doc, m: DocumentModel, qr: QRCode.QRCode, page: number, pages: number) {
  const keep = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // writing inside the reserved band must not open a page
  const y0 = PAGE_H - FOOT;
  doc.moveTo(LEFT, y0).lineTo(RIGHT, y0).lineWidth(0.6).strokeColor('#999999').stroke();
  const q = 84;
  drawQr(doc, qr, LEFT, y0 + 10, q);
  doc.link(LEFT, y0 + 10, q, q, m.verifyUrl);
  const x = LEFT + q + 14;
  const w = RIGHT - x;
  doc.font('B').fontSize(8).fillColor(INK).text(FRAME.egov.kk, x, y0 + 12, { width: w });
  doc.font('R').fontSize(8).text(FRAME.egov.ru, x, doc.y + 1, { width: w });
  doc.font('R').fontSize(8).fillColor(INK).text(`${FRAME.verify.kk} / ${FRAME.verify.ru}:`, x, doc.y + 6, { width: w });
  doc.font('R').fontSize(8).fillColor('#005f73').text(m.verifyUrl, x, doc.y, { width: w, link: m.verifyUrl });
  doc
    .font('R')
    .fontSize(7.5)
    .fillColor(GREY)
    .text(`№ ${m.number} · ${page}/${pages} ${FRAME.page.kk} / ${FRAME.page.ru}`, x, doc.y + 6, { width: w });
  doc.page.margins.bottom = keep;
}
