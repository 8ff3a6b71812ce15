/**
 * bench/verify — CMS signature verifications per second (ECDSA P-256 and RSA-2048) for
 * signatures the verifier has never seen (each portal application carries a new one), through
 * the full verifier: decoding, signature math, chain, validity, revocation (our CA's status read
 * from the database on every verification, as in a deployment: never cached, so a revocation by
 * any process is seen at once), key usage, IIN. Every CMS of the run is distinct (its own data,
 * hence its own message digest and signature) and is verified once.
 *
 * Two rates: one verification at a time (the latency of one request), and 16 in flight (a
 * server's concurrent requests: their database reads are done together, ca.ts `status`).
 *
 * Same-run baseline: node's `crypto.verify` of one of those signatures over its signed
 * attributes with an already created key — the signature math alone, what the verifier cannot
 * go below. Rounds of the verifier and of the baseline alternate, so both see the same machine
 * load; the table gives the range over the rounds and the ratio per round.
 *
 *   npx tsx bench/verify.ts                       # 5 rounds × 1000 signatures per algorithm
 *   npx tsx bench/verify.ts --rounds 7 --batch 2000 --size 4096 --chain
 *   npx tsx bench/verify.ts --pg                  # the CA's database on PostgreSQL (a temporary database
 *                                                 # on PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * --size: bytes of data signed (default 1024, detached); --chain: the CMS carries the issuer
 * chain too (default: the signer certificate only, as NCALayer's CMS does).
 */
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { type Db, openPglite, openPostgres } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { makeIin } from '../src/ids/iin.ts';
import { CertificationAuthority } from '../src/pki/ca.ts';
import { HASHES, parseSignedData } from '../src/pki/cms.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { asn1js } from '../src/pki/engine.ts';
import { loadPkcs12 } from '../src/pki/pkcs12.ts';
import { assemblePki } from '../src/pki/service.ts';
import { signWithKeystore } from '../src/pki/sign.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const ROUNDS = Number(arg('rounds', '5'));
const BATCH = Number(arg('batch', '1000'));
const SIZE = Math.max(4, Number(arg('size', '1024')));
const CHAIN = process.argv.includes('--chain');
const PG = process.argv.includes('--pg');
const ADMIN = process.env.PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

type Signed = { cms: Uint8Array; data: Uint8Array };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const range = (xs: number[], digits = 0) => {
  const f = (x: number) => x.toFixed(digits);
  return `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
};

/** Calls per second of a synchronous function, over about `ms`. */
function rateOf(fn: () => unknown, ms: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

let db: Db;
let dropDb = async () => {};
if (PG) {
  const name = `qyzmet_bench_verify_${randomBytes(4).toString('hex')}`;
  const admin = await openPostgres(ADMIN, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  db = await openPostgres(u.toString(), 20);
  dropDb = async () => {
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  };
} else db = await openPglite(null);
await migrate(db);
const ca = await CertificationAuthority.createEphemeral({ baseUrl: 'http://localhost:3000', keystoreIterations: 2048 }, db);
const pki = assemblePki({ ...loadPkiConfig({ DEMO: '1' }), trustOwnRoot: true, revocation: ['db'] }, ca);
const iin = makeIin('1990-01-01', 'male', 5);

console.log(
  `# bench/verify: never-seen detached CMS over ${SIZE} bytes, ${CHAIN ? 'full chain' : 'signer certificate only'}, ` +
    `${ROUNDS} rounds × ${BATCH} signatures, CA database on ${PG ? 'PostgreSQL' : 'PGlite'}, node ${process.version}`,
);
const rows: Array<Record<string, string>> = [];
const summary: string[] = [];
for (const algorithm of ['ecdsa', 'rsa'] as const) {
  const label = algorithm === 'ecdsa' ? 'ECDSA P-256' : 'RSA-2048';
  const it = await ca.issue({ iin, name: 'Бенчмарк Тест', usage: 'sign', algorithm, password: 'bench-pass', notBefore: new Date(Date.now() - 1_800_000) });
  const ks = await loadPkcs12(Buffer.from(it.pkcs12, 'base64'), 'bench-pass');

  // ROUNDS + 1 batches of distinct signatures, each over its own data; the first batch warms up.
  const t0 = performance.now();
  const base = new Uint8Array(SIZE).map((_, i) => (i * 31) & 0xff);
  const batches: Signed[][] = [];
  const seen = new Set<string>();
  for (let b = 0; b <= 2 * ROUNDS; b++) {
    const batch: Signed[] = [];
    for (let i = 0; i < BATCH; i++) {
      const data = new Uint8Array(base);
      new DataView(data.buffer).setUint32(0, b * BATCH + i);
      const cms = await signWithKeystore(data, ks, { detached: true, includeChain: CHAIN });
      seen.add(Buffer.from(cms).toString('base64'));
      batch.push({ cms, data });
    }
    batches.push(batch);
  }
  if (seen.size !== (2 * ROUNDS + 1) * BATCH) throw new Error('signatures are not all distinct');
  console.log(`# ${label}: ${seen.size} distinct signatures made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Baseline: the signature math of one of them, with a ready key object.
  const sample = batches[1]?.[0] as Signed;
  const si = parseSignedData(Buffer.from(sample.cms)).signers[0];
  if (!si?.signedAttrs) throw new Error('no signed attributes');
  const key = createPublicKey({ key: Buffer.from(ks.certificate.publicKey.rawData), format: 'der', type: 'spki' });
  const hash = HASHES[si.digestOid] as string;
  const { signedAttrs, signature } = si;
  const baseline = () => {
    if (!cryptoVerify(hash, signedAttrs, key, signature)) throw new Error('baseline signature does not verify');
  };
  baseline();

  const verifyBatch = async (batch: Signed[]) => {
    const start = performance.now();
    for (const { cms, data } of batch) {
      const r = await pki.verifier.verify(cms, { data, expectedIin: iin });
      if (!r.valid) throw new Error(`invalid: ${JSON.stringify(r.errors)}`);
    }
    return (batch.length * 1000) / (performance.now() - start);
  };
  const verifyConcurrently = async (batch: Signed[], inFlight = 16) => {
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < batch.length) {
          const { cms, data } = batch[next++] as Signed;
          const r = await pki.verifier.verify(cms, { data, expectedIin: iin });
          if (!r.valid) throw new Error(`invalid: ${JSON.stringify(r.errors)}`);
        }
      }),
    );
    return (batch.length * 1000) / (performance.now() - start);
  };
  await verifyBatch(batches[0] as Signed[]); // warm-up
  rateOf(baseline, 200);

  const ours: number[] = [];
  const concurrent: number[] = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    concurrent.push(await verifyConcurrently(batches[ROUNDS + r] as Signed[]));
    const v = await verifyBatch(batches[r] as Signed[]);
    const b = rateOf(baseline, Math.max(200, (BATCH * 1000) / v));
    ours.push(v);
    floor.push(b);
    ratios.push(v / b);
  }

  // Decoding, the part of a new signature's cost besides the math: this verifier's parser
  // (cms.ts) vs one full asn1js decode of the same bytes.
  const der = Buffer.from(sample.cms);
  const parseRate = rateOf(() => parseSignedData(der), 500);
  const asn1Rate = rateOf(() => asn1js.fromBER(der), 500);

  rows.push({
    algorithm: label,
    'new signatures /s': range(ours),
    '16 in flight /s': range(concurrent),
    'crypto.verify alone /s': range(floor),
    'verifier / crypto.verify': range(ratios, 2),
    'µs per verify': (1e6 / median(ours)).toFixed(0),
    'decode /s (cms.ts · asn1js.fromBER)': `${Math.round(parseRate)} · ${Math.round(asn1Rate)}`,
  });
  summary.push(
    `${label}: ${Math.round(median(ours))} new-signature verifications/s (${Math.round(Math.min(...ours))}–${Math.round(Math.max(...ours))} over ${ROUNDS} rounds), ` +
      `${Math.round(median(concurrent))}/s with 16 in flight; ` +
      `same-run crypto.verify alone ${Math.round(median(floor))}/s; ratio ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
  );
}
console.log('# median (min–max) over the rounds');
console.table(rows);
for (const s of summary) console.log(s);
await db.close();
await dropDb();
