/**
 * Small real files for upload tests: a one-page PDF that viewers open (text on the page, correct
 * cross-reference offsets), and the shortest byte strings JPEG/PNG sniffing recognises.
 */
import { createHash } from 'node:crypto';

/** A valid one-page PDF (A4) showing `text` (ASCII) in Helvetica. */
export function tinyPdf(text = 'Qyzmet test scan'): Buffer {
  const safe = text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const stream = `BT /F1 24 Tf 72 760 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Starts like a JPEG (FF D8 FF E0 …), enough for content sniffing. */
export const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
/** The PNG signature and an IHDR chunk header. */
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

export const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * `form` with a freshly uploaded scan in every file field that the portal requires of it (a
 * definition's example carries no files: a file is an upload of the person who applies). `inject`
 * is `app.inject` of a fastify app; `token` the applicant's bearer token.
 */
export async function withRequiredFiles(
  inject: (o: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown }) => Promise<{ statusCode: number; json: () => unknown; body: string }>,
  token: string,
  code: string,
  form: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { evaluateCondition } = await import('../../src/registry/conditions.ts');
  const def = (await inject({ url: `/api/v1/services/${code}` })).json() as { form: { fields: Array<{ name: string; type: string; required: boolean; condition?: { when: never } }> } };
  const out = { ...form };
  for (const f of def.form.fields) {
    if (f.type !== 'file' || !f.required || out[f.name] !== undefined) continue;
    if (f.condition && !evaluateCondition(f.condition.when, { values: { ...out, $channel: 'portal', $filedAt: new Date().toISOString() } })) continue;
    const r = await inject({ method: 'POST', url: '/api/v1/uploads', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'x-file-name': `${f.name}.pdf` }, payload: tinyPdf(f.name) });
    if (r.statusCode !== 201) throw new Error(`upload for ${code}.${f.name}: ${r.body}`);
    out[f.name] = [r.json()];
  }
  return out;
}
