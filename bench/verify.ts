/**
 * bench/verify — CMS signature verifications per second (RSA-2048 and ECDSA P-256),
 * through the full verifier (parse, signature math, chain, validity, revocation from
 * the cache, key usage, IIN), against a same-run baseline: a raw WebCrypto
 * `subtle.verify` of the very same signature over the very same signed attributes
 * with an already imported key (the floor: no parsing, no checks).
 *
 *   npx tsx bench/verify.ts                  # 3 s per measurement
 *   npx tsx bench/verify.ts --seconds 10 --size 4096 --chain
 *
 * The signature is detached over `--size` bytes (default 1024), carries the signer
 * certificate only (as NCALayer's CMS does) or the whole chain with --chain.
 * Revocation: the database method of our own CA, answers cached (TTL 300 s).
 */
import { webcrypto } from 'node:crypto';
import { openPglite } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { makeIin } from '../src/ids/iin.ts';
import { CertificationAuthority } from '../src/pki/ca.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { asn1js, pkijs, toAB } from '../src/pki/engine.ts';
import { loadPkcs12 } from '../src/pki/pkcs12.ts';
import { assemblePki } from '../src/pki/service.ts';
import { signWithKeystore } from '../src/pki/sign.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const SECONDS = Number(arg('seconds', '3'));
const SIZE = Number(arg('size', '1024'));
const CHAIN = process.argv.includes('--chain');
const DISTINCT = Number(arg('distinct', '500'));
const subtle = webcrypto.subtle;

async function measure(fn: () => Promise<unknown>, seconds: number): Promise<number> {
  // warm-up
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) await fn();
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
  }
  return (n * 1000) / (performance.now() - t0);
}

/** The signed attributes and the signature of the first SignerInfo, as the baseline verifies them. */
function signedParts(cms: Uint8Array) {
  const ci = new pkijs.ContentInfo({ schema: asn1js.fromBER(toAB(cms)).result });
  const sd = new pkijs.SignedData({ schema: ci.content });
  const si = sd.signerInfos[0] as pkijs.SignerInfo;
  return { attrs: si.signedAttrs!.encodedValue, signature: si.signature.valueBlock.valueHexView };
}

const db = await openPglite(null);
await migrate(db);
const ca = await CertificationAuthority.createEphemeral({ baseUrl: 'http://localhost:3000', keystoreIterations: 2048 }, db);
const pki = assemblePki({ ...loadPkiConfig({ DEMO: '1' }), trustOwnRoot: true, revocation: ['db'] }, ca);
const data = new Uint8Array(SIZE).map((_, i) => (i * 31) & 0xff);
const iin = makeIin('1990-01-01', 'male', 5);

console.log(`# bench/verify: detached CMS over ${SIZE} bytes, ${CHAIN ? 'full chain' : 'signer certificate only'}, ${SECONDS} s per figure, node ${process.version}`);
const rows: Array<Record<string, string | number>> = [];
const decodeRates: string[] = [];
for (const algorithm of ['ecdsa', 'rsa'] as const) {
  const it = await ca.issue({ iin, name: 'Бенчмарк Тест', usage: 'sign', algorithm, password: 'bench-pass', notBefore: new Date(Date.now() - 1_800_000) });
  const ks = await loadPkcs12(Buffer.from(it.pkcs12, 'base64'), 'bench-pass');
  const cms = await signWithKeystore(data, ks, { detached: true, includeChain: CHAIN });

  const first = await pki.verifier.verify(cms, { data, expectedIin: iin });
  if (!first.valid) throw new Error(`benchmark signature does not verify: ${JSON.stringify(first.errors)}`);

  const ours = await measure(async () => {
    const r = await pki.verifier.verify(cms, { data, expectedIin: iin });
    if (!r.valid) throw new Error('invalid');
  }, SECONDS);

  // Baseline: WebCrypto verify of the same signature over the same signed attributes.
  const { attrs, signature } = signedParts(cms);
  const spki = ks.certificate.publicKey.rawData;
  const alg = algorithm === 'ecdsa' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const key = await subtle.importKey('spki', spki, alg, false, ['verify']);
  const rawSig =
    algorithm === 'ecdsa'
      ? pkijs.createECDSASignatureFromCMS(asn1js.fromBER(toAB(signature)).result, 32)
      : toAB(signature);
  const vparams = algorithm === 'ecdsa' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  if (!(await subtle.verify(vparams, key, rawSig, attrs))) throw new Error('baseline signature does not verify');
  const base = await measure(async () => {
    if (!(await subtle.verify(vparams, key, rawSig, attrs))) throw new Error('invalid');
  }, SECONDS);

  // Distinct signatures (every CMS seen for the first time: full asn1js/pkijs parse;
  // the signer certificate, its path and its revocation answer are already cached).
  const distinct: Uint8Array[] = [];
  for (let i = 0; i < DISTINCT; i++) distinct.push(await signWithKeystore(data, ks, { detached: true, includeChain: CHAIN, signingTime: new Date(Date.now() - i * 1000) }));
  let k = 0;
  const t0 = performance.now();
  for (const sig of distinct) {
    const r = await pki.verifier.verify(sig, { data, expectedIin: iin });
    if (!r.valid) throw new Error('invalid');
    k++;
  }
  const cold = (k * 1000) / (performance.now() - t0);

  // What a new signature cannot avoid with these libraries: asn1js decoding its DER.
  const der = toAB(distinct[0] as Uint8Array);
  const decodeOnly = await measure(async () => asn1js.fromBER(der), Math.min(SECONDS, 1));
  decodeRates.push(`${algorithm === 'ecdsa' ? 'ECDSA' : 'RSA'} CMS of ${der.byteLength} bytes: asn1js.fromBER alone ${Math.round(decodeOnly)}/s`);

  const label = algorithm === 'ecdsa' ? 'ECDSA P-256' : 'RSA-2048';
  rows.push({
    algorithm: label,
    case: 'same signature again (parse cached)',
    'verifier ops/s': Math.round(ours),
    'WebCrypto baseline ops/s': Math.round(base),
    'verifier / baseline': Number((ours / base).toFixed(3)),
    'µs per verify': Number((1e6 / ours).toFixed(1)),
  });
  rows.push({
    algorithm: label,
    case: 'a new signature each time',
    'verifier ops/s': Math.round(cold),
    'WebCrypto baseline ops/s': Math.round(base),
    'verifier / baseline': Number((cold / base).toFixed(3)),
    'µs per verify': Number((1e6 / cold).toFixed(1)),
  });
}
console.table(rows);
console.log('# the verifier checks signatures with node:crypto (OpenSSL, synchronous), hence faster than the WebCrypto baseline (promise per call);');
console.log(`# parsing floor for a new signature: ${decodeRates.join('; ')}`);
for (const r of rows)
  console.log(`${r.algorithm}, ${r.case}: ${r['verifier ops/s']} verifications/s (WebCrypto baseline ${r['WebCrypto baseline ops/s']}/s, ratio ${r['verifier / baseline']})`);
await db.close();
