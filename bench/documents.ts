/**
 * bench/documents — result documents per second on one core (one process, one at a time):
 *
 *   render          renderDocument: the page model, pdfkit, the embedded DejaVu subset, the QR code
 *   sign            a detached CMS over the PDF bytes with an ECDSA P-256 SIGN keystore (pkijs)
 *   render+sign     both, i.e. what issuing costs before storage (the figure of issue 10 item 4)
 *   stored          prepareDocument (render + insert) → sign → verify the CMS over the bytes (as the
 *                   pipeline does) → attachSignature, each document in its own transaction on PGlite
 *   verify          the public verification of a stored, signed document (hash, CMS, chain, revocation)
 *
 * Every document is distinct (its own number, hence its own bytes); the kinds rotate through the
 * archival reference (001 annex 7), the guardianship reference (004 annex 3), a birth certificate
 * and a refusal letter. Rounds alternate the measurements so that all see the same machine load;
 * the table gives the median and the range over the rounds, and CPU ms per document.
 *
 *   npm run bench:documents                  # 5 rounds × 40 documents
 *   npm run bench:documents -- --rounds 7 --batch 100
 */
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { openPglite } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { attachSignature, prepareDocument, verifyDocument } from '../src/documents/documents.ts';
import type { RenderInput } from '../src/documents/model.ts';
import { formatDocumentNumber } from '../src/documents/number.ts';
import { renderDocument } from '../src/documents/render.ts';
import { makeIin } from '../src/ids/iin.ts';
import { uuid7 } from '../src/lib/uuid7.ts';
import { loadOrganisations } from '../src/organisations/organisations.ts';
import { syncOrganisations } from '../src/organisations/sync.ts';
import { CertificationAuthority } from '../src/pki/ca.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { loadPkcs12 } from '../src/pki/pkcs12.ts';
import { assemblePki } from '../src/pki/service.ts';
import { signWithKeystore } from '../src/pki/sign.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { syncDefinitions } from '../src/registry/sync.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const ROUNDS = Number(arg('rounds', '5'));
const BATCH = Number(arg('batch', '40'));
const ORG = 'pavlodar-archives';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const range = (xs: number[], digits = 1) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const config = loadConfig({});
const db = await openPglite(null);
await migrate(db);
const registry = await loadRegistry(config.servicesDir);
await syncDefinitions(db, registry);
const orgs = loadOrganisations(config.organisationsDir, registry);
await syncOrganisations(db, orgs);
const ca = await CertificationAuthority.createEphemeral({ baseUrl: 'http://localhost:3000', keystoreIterations: 2048 }, db);
const pki = assemblePki({ ...loadPkiConfig({ DEMO: '1' }), trustOwnRoot: true, revocation: ['db'] }, ca);
const ctx = { config, db, registry, orgs, pki } as unknown as AppContext;

const headIin = makeIin('1971-05-09', 'male', 642);
const issued = await ca.issue({ iin: headIin, name: 'Бекмұхамедов Ерлан Сағатұлы', usage: 'sign', algorithm: 'ecdsa', password: 'bench-pass', notBefore: new Date(Date.now() - 1_800_000) });
const ks = await loadPkcs12(Buffer.from(issued.pkcs12, 'base64'), 'bench-pass');
const applicantIin = makeIin('1988-05-15', 'male', 12);
const user = uuid7();
await db.query("INSERT INTO users (id, iin, surname, given_name, patronymic, password_hash, roles) VALUES ($1,$2,'Ахметов','Нұрлан','Серікұлы','x',ARRAY['citizen'])", [user, applicantIin]);
const appId = uuid7();
const filedAt = new Date(Date.now() - 10 * 86_400_000);
await db.query(
  `INSERT INTO applications (id, number, service_code, service_version, channel, applicant_id, applicant_iin, status, form, filed_at, provider_org)
   VALUES ($1,'260220-000123','archival-reference',1,'portal',$2,$3,'in-progress','{}',$4,$5)`,
  [appId, user, applicantIin, filedAt, ORG],
);

const def = (code: string) => registry.versions(code).at(-1)!;
const KINDS: Array<{ code: string; kind: 'approve' | 'refuse'; data: Record<string, unknown> }> = [
  { code: 'archival-reference', kind: 'approve', data: { referenceType: 'еңбек өтілі туралы', period: '1995–2001', content: 'Ахметов Нұрлан Серікұлы «Павлодар тракторы» АҚ-да 1995 жылғы 3 сәуірден 2001 жылғы 30 маусымға дейін слесарь болып жұмыс істеді. '.repeat(4), basis: 'Қор 12, тізімдеме 3, іс 45, 12–14 парақтар', archivist: 'Серікова Әйгерім Болатқызы' } },
  { code: 'guardianship-reference', kind: 'approve', data: { guardianFullName: 'Жұмабаева Әйгерім Маратқызы', guardianAddress: 'Астана қ., Қабанбай батыр д-лы, 11 үй, 5 пәтер', appointment: 'guardian', akimDecisionNumber: '123', akimDecisionDate: '2025-11-02', wardFullName: 'Жұмабаев Ержан Асқарұлы', wardBirthDate: '2015-06-01', property: 'no-property', headFullName: 'Қасымова Роза' } },
  { code: 'birth-registration', kind: 'approve', data: { text: 'Туу туралы акт жазбасы жасалды.' } },
  { code: 'archival-reference', kind: 'refuse', data: { grounds: ['no-data', 'document-violations'], text: 'Сұралған кезеңнің құжаттары мұрағатқа тапсырылмаған.' } },
];

let serial = 1;
const input = (i: number): RenderInput => {
  const k = KINDS[i % KINDS.length]!;
  return {
    kind: k.kind === 'refuse' ? 'refusal' : 'result',
    number: formatDocumentNumber(2026, serial++),
    issuedAt: new Date(),
    publicBaseUrl: 'https://qyzmet.example.kz',
    def: def(k.code),
    application: { number: '260220-000123', filedAt, applicantName: 'Ахметов Нұрлан Серікұлы', applicantIin },
    decision: k.data,
    issuer: { id: ORG, name: orgs.get(ORG)!.name },
    official: { name: 'Бекмұхамедов Ерлан Сағатұлы' },
  };
};

/** Documents per second and CPU ms per document of `n` calls of `fn`, one at a time. */
async function measure(n: number, fn: (i: number) => Promise<unknown>): Promise<{ rate: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { rate: (n * 1000) / ms, cpu: (c.user + c.system) / 1000 / n };
}

const stored: string[] = [];
const cases: Record<string, (i: number) => Promise<unknown>> = {
  render: (i) => renderDocument(input(i)),
  sign: async () => signWithKeystore(samplePdf, ks, { detached: true }),
  'render+sign': async (i) => signWithKeystore(await renderDocument(input(i)), ks, { detached: true }),
  stored: async (i) => {
    const k = KINDS[i % KINDS.length]!;
    const d = await db.tx((q) => prepareDocument(ctx, q, { application: { id: appId, number: '260220-000123', applicant_iin: applicantIin, applicant_id: user, filed_at: filedAt }, decision: { kind: k.kind, data: k.data }, def: def(k.code), org: ORG, official: { name: 'Бекмұхамедов Ерлан Сағатұлы', iin: headIin }, now: new Date() }));
    const cms = await signWithKeystore(d.bytes, ks, { detached: true });
    const v = await pki.verifier.verify(cms, { data: d.bytes, purpose: 'sign', expectedIin: headIin });
    if (!v.valid || !v.signer) throw new Error(JSON.stringify(v.errors));
    await db.tx((q) => attachSignature(q, d.number, cms, v.signer!.serial));
    stored.push(d.number);
  },
  verify: async (i) => {
    const r = await verifyDocument(ctx, stored[i % stored.length]!);
    if (!r.valid) throw new Error(`not valid: ${r.problems.join()}`);
  },
};
const samplePdf = await renderDocument(input(0));

console.log(`# bench/documents: ${ROUNDS} rounds × ${BATCH} distinct documents, one at a time in one process (one core), PGlite, node ${process.version}`);
console.log(`# sample PDF: ${samplePdf.length} bytes`);
for (const fn of Object.values(cases)) await measure(8, fn); // warm up (and documents for `verify`)
const results: Record<string, { rate: number[]; cpu: number[] }> = Object.fromEntries(Object.keys(cases).map((k) => [k, { rate: [], cpu: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries(cases)) {
    const m = await measure(BATCH, fn);
    results[name]!.rate.push(m.rate);
    results[name]!.cpu.push(m.cpu);
  }
}
console.log('\n| step | documents/s, median (range) | CPU ms per document |');
console.log('|---|---|---|');
for (const [name, x] of Object.entries(results)) console.log(`| ${name} | ${range(x.rate)} | ${range(x.cpu, 2)} |`);
await db.close();
