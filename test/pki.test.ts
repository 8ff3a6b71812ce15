/**
 * PKI / EDS end to end: our CA issues certificates in the national profile, OpenSSL
 * reads them, opens the PKCS#12 keystores, signs with them and queries our OCSP
 * responder; our verifier accepts OpenSSL-made CMS, OpenSSL accepts ours, and every
 * failure has its own code. One HTTP server (the PKI routes) serves CRL and OCSP.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import fc from 'fast-check';
import { createUser } from '../src/accounts/accounts.ts';
import { migrate } from '../src/db/migrate.ts';
import { AppError } from '../src/errors/errors.ts';
import { installErrorHandling } from '../src/http/errors.ts';
import { makeBin, makeIin } from '../src/ids/iin.ts';
import { CertificationAuthority, type IssuedCertificate, type IssueRequest } from '../src/pki/ca.ts';
import { loadPkiConfig } from '../src/pki/config.ts';
import { parseSignedData, serializeAttributes } from '../src/pki/cms.ts';
import { asn1js, toAB, x509 } from '../src/pki/engine.ts';
import { PKI_ERRORS } from '../src/pki/error-codes.ts';
import { isPkiError } from '../src/pki/errors.ts';
import { loadPkcs12 } from '../src/pki/pkcs12.ts';
import { subjectInfo } from '../src/pki/profile.ts';
import { OcspResponder, queryOcsp } from '../src/pki/ocsp.ts';
import { RevocationChecker } from '../src/pki/revocation.ts';
import { pkiRoutes } from '../src/pki/routes.ts';
import { assemblePki, createPki, type Pki } from '../src/pki/service.ts';
import { signCms } from '../src/pki/sign.ts';
import { CmsVerifier, type VerifyOptions, type VerifyResult } from '../src/pki/verify.ts';
import { openTestDb } from './helpers/context.ts';

const PASSWORD = 'Qwerty-123';
const IIN = makeIin('1988-05-15', 'male', 12);
const IIN2 = makeIin('1992-11-03', 'female', 7);
const BIN = makeBin('2015-04', 321);
const DATA_B64 = Buffer.from('prod').toString('base64');

let db: Awaited<ReturnType<typeof openTestDb>>;
let app: FastifyInstance;
let base = '';
let ca: CertificationAuthority;
let pki: Pki;
let dir = '';
const issued: Record<string, IssuedCertificate> = {};
let actor: { id: string; role: string };

function sh(cmd: string, args: string[], input?: Buffer) {
  const r = spawnSync(cmd, args, { cwd: dir, input, maxBuffer: 16 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), raw: r.stdout };
}
function openssl(...args: string[]) {
  return sh('openssl', args);
}
/** For commands that talk to our HTTP server, which runs in this process: must not block the event loop. */
function opensslAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('openssl', args, { cwd: dir });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill(), 20_000);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
function mustOpenssl(...args: string[]) {
  const r = openssl(...args);
  assert.equal(r.status, 0, `openssl ${args.join(' ')}\n${r.stderr}`);
  return r;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const codes = (r: VerifyResult) => r.errors.map((e) => e.code);

/** Keystore → key.pem/cert.pem files for OpenSSL (via OpenSSL itself). */
function unpack(name: string, it: IssuedCertificate) {
  writeFileSync(join(dir, `${name}.p12`), Buffer.from(it.pkcs12, 'base64'));
  mustOpenssl('pkcs12', '-in', `${name}.p12`, '-passin', `pass:${PASSWORD}`, '-nodes', '-nocerts', '-out', `${name}.key`);
  mustOpenssl('pkcs12', '-in', `${name}.p12`, '-passin', `pass:${PASSWORD}`, '-clcerts', '-nokeys', '-out', `${name}.pem`);
}

function opensslSign(name: string, data: Buffer, attached: boolean, ...flags: string[]): Buffer {
  writeFileSync(join(dir, 'data.bin'), data);
  mustOpenssl('cms', '-sign', '-binary', '-outform', 'DER', '-signer', `${name}.pem`, '-inkey', `${name}.key`, '-in', 'data.bin', '-out', 'sig.der', ...(attached ? ['-nodetach'] : []), ...flags);
  return readFileSync(join(dir, 'sig.der'));
}

/**
 * The same CMS re-encoded by asn1js with indefinite lengths — on ContentInfo, SignedData and
 * EncapsulatedContentInfo (as NCALayer writes them), and optionally in the signed attributes:
 * indefinite lengths on the [0] element and its first attribute ('ber'), or a definite [0]
 * element whose first attribute has a needlessly long length ('ber inside').
 */
function withIndefiniteLengths(cms: Buffer, signedAttrs: 'der' | 'ber' | 'ber inside' = 'der'): Buffer {
  const ci = asn1js.fromBER(new Uint8Array(cms), { parseEmbedded: false }).result as asn1js.Sequence;
  const wrapped = ci.valueBlock.value[1] as asn1js.Constructed;
  const sd = wrapped.valueBlock.value[0] as asn1js.Sequence;
  const encap = sd.valueBlock.value[2] as asn1js.Sequence;
  for (const n of [ci, wrapped, sd, encap]) n.lenBlock.isIndefiniteForm = true;
  if (signedAttrs !== 'der') {
    const si = (sd.valueBlock.value[sd.valueBlock.value.length - 1] as asn1js.Set).valueBlock.value[0] as asn1js.Sequence;
    const attrs = si.valueBlock.value[3] as asn1js.Constructed;
    assert.equal(attrs.idBlock.tagClass, 3);
    // (an indefinite length inside makes asn1js write the [0] element indefinite too)
    if (signedAttrs === 'ber') (attrs.valueBlock.value[0] as asn1js.Sequence).lenBlock.isIndefiniteForm = true;
    else (attrs.valueBlock.value[0] as asn1js.Sequence).lenBlock.longFormUsed = true;
  }
  return Buffer.from(ci.toBER(false));
}

async function issue(key: string, req: Partial<IssueRequest> = {}): Promise<IssuedCertificate> {
  const it = await ca.issue({ iin: IIN, name: 'Сәрсенбаев Асқар Нұрланұлы', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD, ...req });
  issued[key] = it;
  return it;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qz-pki-'));
  db = await openTestDb();
  await migrate(db);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  ca = await CertificationAuthority.createEphemeral({ baseUrl: base, keystoreIterations: 2048 }, db);
  pki = assemblePki({ ...loadPkiConfig({ DEMO: '1' }), baseUrl: base, trustOwnRoot: true, revocation: ['db'] }, ca);
  writeFileSync(join(dir, 'root.pem'), ca.rootPem);
  writeFileSync(join(dir, 'issuing.pem'), ca.issuingPem);
  writeFileSync(join(dir, 'chain.pem'), ca.issuingPem + ca.rootPem);

  app = Fastify({ logger: false }).withTypeProvider();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  const admin = await createUser(db, { iin: makeIin('1980-04-25', 'male', 49), surname: 'Админ', givenName: 'Тест', password: 'Admin-pass-1', roles: ['admin'] });
  actor = { id: admin.id, role: 'admin' };
  await app.register(
    pkiRoutes({
      pki,
      db,
      adminPreHandler: async (req) => {
        if (req.headers['x-test-admin'] !== 'yes') throw new AppError('FORBIDDEN');
      },
      actor: () => actor,
    }),
  );
  await app.listen({ port, host: '127.0.0.1' });
});

after(async () => {
  await app?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('issuing', () => {
  test('ECDSA SIGN certificate of an individual: subject fields and extensions as OpenSSL reads them', async () => {
    const it = await issue('ecSign');
    writeFileSync(join(dir, 'ecSign.crt'), it.certificatePem);
    const r = mustOpenssl('x509', '-in', 'ecSign.crt', '-noout', '-nameopt', 'utf8,sep_comma_plus', '-subject', '-ext', 'keyUsage,extendedKeyUsage,certificatePolicies,authorityInfoAccess,crlDistributionPoints,basicConstraints');
    const out = r.stdout;
    assert.match(out, /CN=САРСЕНБАЕВ АСҚАР|CN=СӘРСЕНБАЕВ АСҚАР/);
    assert.match(out, /SN=СӘРСЕНБАЕВ/);
    assert.match(out, new RegExp(`serialNumber=IIN${IIN}`));
    assert.match(out, /C=KZ/);
    assert.match(out, /GN=НҰРЛАНҰЛЫ/);
    assert.match(out, /Key Usage: critical\s+Digital Signature, Non Repudiation/);
    assert.match(out, /Extended Key Usage:\s+E-mail Protection/);
    assert.match(out, /Policy: 1\.2\.398\.3\.3\.4\.1\.1/);
    assert.match(out, new RegExp(`OCSP - URI:${base}/pki/ocsp`));
    assert.match(out, new RegExp(`URI:${base}/pki/crl`));
    assert.match(out, /CA:FALSE/);
    const alg = mustOpenssl('x509', '-in', 'ecSign.crt', '-noout', '-text').stdout;
    assert.match(alg, /Signature Algorithm: ecdsa-with-SHA256/);
    assert.match(alg, /NIST CURVE: P-256|prime256v1/);
    // the chain verifies in OpenSSL
    mustOpenssl('verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'ecSign.crt');
  });

  test('RSA-2048 SIGN certificate of an employee: O and OU=BIN, legal-entity policies', async () => {
    const it = await issue('rsaSign', { iin: IIN2, name: { surname: 'Ахметова', givenName: 'Айгүл' }, bin: BIN, organization: 'ТОО «Қызмет Тест»', role: 'first_head', algorithm: 'rsa' });
    writeFileSync(join(dir, 'rsaSign.crt'), it.certificatePem);
    const out = mustOpenssl('x509', '-in', 'rsaSign.crt', '-noout', '-nameopt', 'utf8,sep_comma_plus', '-subject', '-ext', 'keyUsage,extendedKeyUsage,certificatePolicies').stdout;
    assert.match(out, /CN=АХМЕТОВА АЙГҮЛ/);
    assert.match(out, new RegExp(`serialNumber=IIN${IIN2}`));
    assert.match(out, /O=ТОО «ҚЫЗМЕТ ТЕСТ»|O=ТОО «Қызмет Тест»/);
    assert.match(out, new RegExp(`OU=BIN${BIN}`));
    assert.doesNotMatch(out, /GN=/);
    assert.match(out, /Policy: 1\.2\.398\.3\.3\.4\.1\.2\n/);
    assert.match(out, /Policy: 1\.2\.398\.3\.3\.4\.1\.2\.1/);
    const text = mustOpenssl('x509', '-in', 'rsaSign.crt', '-noout', '-text').stdout;
    assert.match(text, /Public-Key: \(2048 bit\)/);
    const info = subjectInfo(new x509.X509Certificate(it.certificatePem).subjectName);
    assert.deepEqual([info.iin, info.bin, info.name], [IIN2, BIN, 'АХМЕТОВА АЙГҮЛ']);
  });

  test('AUTH certificate: digitalSignature + keyEncipherment, EKU clientAuth', async () => {
    const it = await issue('ecAuth', { usage: 'auth' });
    writeFileSync(join(dir, 'ecAuth.crt'), it.certificatePem);
    const out = mustOpenssl('x509', '-in', 'ecAuth.crt', '-noout', '-ext', 'keyUsage,extendedKeyUsage').stdout;
    assert.match(out, /Digital Signature, Key Encipherment/);
    assert.match(out, /TLS Web Client Authentication/);
  });

  test('the database records the certificate', async () => {
    const r = await db.query<{ subject_iin: string; subject_bin: string | null; usage: string; algorithm: string; revoked_at: Date | null }>(
      'SELECT subject_iin, subject_bin, usage, algorithm, revoked_at FROM pki_certificates WHERE serial = $1',
      [issued.rsaSign!.serial],
    );
    assert.deepEqual(r.rows[0], { subject_iin: IIN2, subject_bin: BIN, usage: 'sign', algorithm: 'rsa', revoked_at: null });
  });

  test('bad requests: invalid IIN/BIN, name, validity', async () => {
    await assert.rejects(issue('x', { iin: '880515300121' }), (e) => e instanceof AppError && e.code === 'INVALID_IIN');
    await assert.rejects(issue('x', { bin: '123456789012' }), (e) => isPkiError(e, 'PKI_INVALID_BIN'));
    await assert.rejects(issue('x', { name: 'Одно' }), (e) => e instanceof AppError && e.opts.path === '/name');
    const now = Date.now();
    await assert.rejects(issue('x', { notBefore: new Date(now), notAfter: new Date(now - 1000) }), (e) => isPkiError(e, 'PKI_INVALID_VALIDITY'));
  });
});

describe('PKCS#12 keystore', () => {
  test('opens in OpenSSL with the right password (key + certificate + chain), not with a wrong one', () => {
    writeFileSync(join(dir, 'ks.p12'), Buffer.from(issued.ecSign!.pkcs12, 'base64'));
    const ok = mustOpenssl('pkcs12', '-in', 'ks.p12', '-passin', `pass:${PASSWORD}`, '-nodes');
    assert.match(ok.stdout, /BEGIN PRIVATE KEY/);
    assert.equal(ok.stdout.match(/BEGIN CERTIFICATE/g)?.length, 3);
    const info = mustOpenssl('pkcs12', '-in', 'ks.p12', '-passin', `pass:${PASSWORD}`, '-info', '-noout').stderr;
    assert.match(info, /MAC: sha256/);
    assert.match(info, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
    assert.match(info, /PRF hmacWithSHA256/);
    const bad = openssl('pkcs12', '-in', 'ks.p12', '-passin', 'pass:wrong-password', '-nodes');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /invalid password|mac verify/i);
  });

  test('our loader: right password → key and chain; wrong → PKI_BAD_PASSWORD; garbage → PKI_MALFORMED_KEYSTORE', async () => {
    const der = Buffer.from(issued.ecSign!.pkcs12, 'base64');
    const ks = await loadPkcs12(der, PASSWORD);
    assert.equal(ks.key.algorithm.name, 'ECDSA');
    assert.equal(ks.chain.length, 2);
    assert.equal(ks.certificate.toString('pem').trim(), issued.ecSign!.certificatePem.trim());
    await assert.rejects(loadPkcs12(der, 'nope'), (e) => isPkiError(e, 'PKI_BAD_PASSWORD') && e.status === 422);
    await assert.rejects(loadPkcs12(Buffer.from('not a keystore'), PASSWORD), (e) => isPkiError(e, 'PKI_MALFORMED_KEYSTORE') && e.status === 400);
    await assert.rejects(signCms(Buffer.from('x'), issued.ecSign!.pkcs12, 'nope'), (e) => isPkiError(e, 'PKI_BAD_PASSWORD'));
  });

  test('a keystore made by OpenSSL (its defaults) loads too', async () => {
    unpack('ecSign', issued.ecSign!);
    mustOpenssl('pkcs12', '-export', '-in', 'ecSign.pem', '-inkey', 'ecSign.key', '-certfile', 'chain.pem', '-passout', 'pass:other-pass', '-out', 'o.p12');
    const ks = await loadPkcs12(readFileSync(join(dir, 'o.p12')), 'other-pass');
    assert.equal(subjectInfo(ks.certificate.subjectName).iin, IIN);
    await assert.rejects(loadPkcs12(readFileSync(join(dir, 'o.p12')), 'x'), (e) => isPkiError(e, 'PKI_BAD_PASSWORD'));
  });
});

describe('verification', () => {
  const DATA = Buffer.from('{"service":"S4","iin":"880515300120","text":"Мекенжай анықтамасы"}');

  test('OpenSSL-made CMS (detached and attached, ECDSA and RSA) verifies; tampered data → EDS_BAD_SIGNATURE', async () => {
    unpack('rsaSign', issued.rsaSign!);
    for (const name of ['ecSign', 'rsaSign']) {
      const detached = opensslSign(name, DATA, false);
      const r = await pki.verifier.verify(detached, { data: DATA });
      assert.deepEqual(r.errors, [], `${name} detached`);
      assert.equal(r.valid, true);
      assert.equal(r.signer?.serial, issued[name]!.serial);
      assert.ok(r.signer?.signingTime instanceof Date);
      const tampered = Buffer.from(DATA);
      tampered[5] = (tampered[5] as number) ^ 1;
      assert.deepEqual(codes(await pki.verifier.verify(detached, { data: tampered })), ['EDS_BAD_SIGNATURE']);

      const attached = opensslSign(name, DATA, true);
      const a = await pki.verifier.verify(attached);
      assert.deepEqual(a.errors, [], `${name} attached`);
      assert.equal(Buffer.from(a.content!).toString(), DATA.toString());
      assert.deepEqual(codes(await pki.verifier.verify(attached, { data: tampered })), ['EDS_BAD_SIGNATURE']);
      // a flipped byte inside the attached content
      const i = attached.indexOf(DATA.subarray(0, 10));
      const broken = Buffer.from(attached);
      broken[i + 3] = (broken[i + 3] as number) ^ 1;
      assert.ok(codes(await pki.verifier.verify(broken)).includes('EDS_BAD_SIGNATURE'));
    }
    assert.equal((await pki.verifier.verify(opensslSign('rsaSign', DATA, false), { data: DATA, expectedIin: IIN2, expectedBin: BIN })).valid, true);
  });

  test('pkijs-made CMS (signCms) verifies with openssl cms -verify and with our verifier', async () => {
    writeFileSync(join(dir, 'data.bin'), DATA);
    for (const name of ['ecSign', 'rsaSign']) {
      const det = await signCms(DATA, issued[name]!.pkcs12, PASSWORD, { detached: true });
      writeFileSync(join(dir, 'p.der'), det);
      const v = openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'p.der', '-content', 'data.bin', '-CAfile', 'chain.pem', '-out', '/dev/null');
      assert.equal(v.status, 0, v.stderr);
      assert.match(v.stderr, /Verification successful/);
      assert.equal((await pki.verifier.verify(det, { data: DATA })).valid, true);

      const att = await signCms(DATA, issued[name]!.pkcs12, PASSWORD, { detached: false, includeChain: true });
      writeFileSync(join(dir, 'p.der'), att);
      const va = openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'p.der', '-CAfile', 'root.pem');
      assert.equal(va.status, 0, va.stderr);
      assert.equal(va.stdout, DATA.toString());
      assert.equal((await pki.verifier.verify(att)).valid, true);

      writeFileSync(join(dir, 'data2.bin'), Buffer.concat([DATA, Buffer.from(' ')]));
      writeFileSync(join(dir, 'p.der'), det);
      assert.notEqual(openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'p.der', '-content', 'data2.bin', '-CAfile', 'chain.pem', '-out', '/dev/null').status, 0);
    }
  });

  test('detached signature without data → EDS_DATA_REQUIRED', async () => {
    const det = await signCms(DATA, issued.ecSign!.pkcs12, PASSWORD);
    assert.deepEqual(codes(await pki.verifier.verify(det)), ['EDS_DATA_REQUIRED']);
  });

  test('expired and not-yet-valid certificates', async () => {
    const day = 86_400_000;
    const now = Date.now();
    // (within the lifetime of the test CA, created an hour before now)
    const expired = await issue('expired', { notBefore: new Date(now - 1_800_000), notAfter: new Date(now - 60_000) });
    const future = await issue('future', { notBefore: new Date(now + day), notAfter: new Date(now + 30 * day) });
    const e = await pki.verifier.verify(await signCms(DATA, expired.pkcs12, PASSWORD), { data: DATA });
    assert.deepEqual(codes(e), ['EDS_EXPIRED']);
    assert.equal(e.valid, false);
    const f = await pki.verifier.verify(await signCms(DATA, future.pkcs12, PASSWORD), { data: DATA });
    assert.deepEqual(codes(f), ['EDS_NOT_YET_VALID']);
    // validity is judged when the signature is received: signingTime is the signer's own claim
    // (no RFC 3161 time-stamp is accepted), so a back-dated one does not revive an expired certificate
    const old = await signCms(DATA, expired.pkcs12, PASSWORD, { signingTime: new Date(now - 300_000) });
    assert.deepEqual(codes(await pki.verifier.verify(old, { data: DATA })), ['EDS_EXPIRED']);
    // nor does a signingTime in the future make a not-yet-valid certificate valid
    const ahead = await signCms(DATA, future.pkcs12, PASSWORD, { signingTime: new Date(now + 2 * day) });
    assert.deepEqual(codes(await pki.verifier.verify(ahead, { data: DATA })), ['EDS_NOT_YET_VALID']);
    // a trusted time given by the caller (when the server received a stored signature) is used
    assert.deepEqual(codes(await pki.verifier.verify(old, { data: DATA, at: new Date(now - 300_000) })), []);
  });

  test('a certificate from a foreign self-made CA → EDS_UNTRUSTED_ISSUER', async () => {
    const foreign = await CertificationAuthority.createEphemeral({ baseUrl: 'http://foreign.invalid', keystoreIterations: 2048 });
    const it = await foreign.issue({ iin: IIN, name: 'Чужой Удостоверяющий', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD });
    const sig = await signCms(DATA, it.pkcs12, PASSWORD, { includeChain: true });
    const r = await pki.verifier.verify(sig, { data: DATA });
    assert.deepEqual(codes(r), ['EDS_UNTRUSTED_ISSUER']);
    assert.equal(r.signer?.iin, IIN);
    // the same name as our issuing CA does not help: the key must match
    const forged = await CertificationAuthority.createEphemeral({ baseUrl: base, keystoreIterations: 2048 });
    const it2 = await forged.issue({ iin: IIN, name: 'Чужой Удостоверяющий', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD });
    assert.deepEqual(codes(await pki.verifier.verify(await signCms(DATA, it2.pkcs12, PASSWORD), { data: DATA })), ['EDS_UNTRUSTED_ISSUER']);
  });

  test('key usage: AUTH key for a document → EDS_WRONG_KEY_USAGE; AUTH for sign-in is fine, SIGN for sign-in is not', async () => {
    const authSig = await signCms(DATA, issued.ecAuth!.pkcs12, PASSWORD);
    assert.deepEqual(codes(await pki.verifier.verify(authSig, { data: DATA })), ['EDS_WRONG_KEY_USAGE']);
    assert.deepEqual(codes(await pki.verifier.verify(authSig, { data: DATA, purpose: 'auth' })), []);
    const signSig = await signCms(DATA, issued.ecSign!.pkcs12, PASSWORD);
    assert.deepEqual(codes(await pki.verifier.verify(signSig, { data: DATA, purpose: 'auth' })), ['EDS_WRONG_KEY_USAGE']);
    assert.deepEqual(codes(await pki.verifier.verify(signSig, { data: DATA, purpose: 'any' })), []);
  });

  test('IIN and BIN must match the certificate', async () => {
    const sig = await signCms(DATA, issued.ecSign!.pkcs12, PASSWORD);
    assert.deepEqual(codes(await pki.verifier.verify(sig, { data: DATA, expectedIin: IIN })), []);
    assert.deepEqual(codes(await pki.verifier.verify(sig, { data: DATA, expectedIin: IIN2 })), ['EDS_IIN_MISMATCH']);
    assert.deepEqual(codes(await pki.verifier.verify(sig, { data: DATA, expectedBin: BIN })), ['EDS_BIN_MISMATCH']);
  });

  test('garbage → EDS_MALFORMED; random bytes never throw', async () => {
    for (const junk of [Buffer.alloc(0), Buffer.from('hello'), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), Buffer.from([0x30, 0x80])]) {
      const r = await pki.verifier.verify(junk, { data: DATA });
      assert.deepEqual(codes(r), ['EDS_MALFORMED']);
      assert.equal(r.valid, false);
    }
    const good = await signCms(DATA, issued.ecSign!.pkcs12, PASSWORD);
    const known = new Set(Object.keys(PKI_ERRORS));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          // mutations of a real signature reach deeper into the parser
          fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const b = Buffer.from(good);
            b[i] = (b[i] as number) ^ x;
            return new Uint8Array(b);
          }),
          fc.nat(good.length).map((n) => new Uint8Array(good.subarray(0, n))),
        ),
        async (bytes) => {
          const r = await pki.verifier.verify(bytes, { data: DATA });
          assert.equal(typeof r.valid, 'boolean');
          for (const e of r.errors) assert.ok(known.has(e.code), e.code);
          if (r.valid) assert.equal(r.errors.length, 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('BER (openssl cms -stream, NCALayer-style indefinite lengths) and SubjectKeyIdentifier signers verify; signed attributes are byte-exact', async () => {
    for (const name of ['ecSign', 'rsaSign']) {
      const key = createPublicKey(issued[name]!.certificatePem);
      const detached = opensslSign(name, DATA, false);
      const variants: Array<[string, Buffer, VerifyOptions]> = [
        ['openssl detached', detached, { data: DATA }],
        ['openssl attached', opensslSign(name, DATA, true), {}],
        ['openssl -stream (BER, attached)', opensslSign(name, DATA, true, '-stream'), {}],
        ['openssl -keyid', opensslSign(name, DATA, false, '-keyid'), { data: DATA }],
        ['detached with indefinite lengths', withIndefiniteLengths(detached), { data: DATA }],
        ['pkijs detached', Buffer.from(await signCms(DATA, issued[name]!.pkcs12, PASSWORD)), { data: DATA }],
        ['pkijs attached with chain', Buffer.from(await signCms(DATA, issued[name]!.pkcs12, PASSWORD, { detached: false, includeChain: true })), {}],
      ];
      for (const [what, cms, opts] of variants) {
        const r = await pki.verifier.verify(cms, opts);
        assert.deepEqual(r.errors, [], `${name}, ${what}`);
        assert.equal(r.valid, true);
        if (!opts.data) assert.equal(Buffer.from(r.content!).toString(), DATA.toString());
        const si = parseSignedData(cms).signers[0]!;
        // what the signature covers — the received [0] IMPLICIT attributes tagged SET — is
        // @peculiar/asn1-schema's DER re-encoding byte for byte, and what OpenSSL/pkijs signed
        assert.ok(si.signedAttrs!.equals(serializeAttributes(si.signedAttrs!)), `${name}, ${what}: re-encoding differs`);
        assert.ok(cryptoVerify('sha256', si.signedAttrs!, key, si.signature), `${name}, ${what}`);
      }
      // a detached BER signature is still bound to its data
      assert.deepEqual(codes(await pki.verifier.verify(withIndefiniteLengths(detached), { data: Buffer.from('other') })), ['EDS_BAD_SIGNATURE']);
    }
  });

  test('signed attributes sent in BER verify over their DER re-encoding, as OpenSSL does', async () => {
    for (const name of ['ecSign', 'rsaSign'])
      for (const form of ['ber', 'ber inside'] as const) {
        const orig = opensslSign(name, DATA, false);
        const ber = withIndefiniteLengths(orig, form);
        const signed = parseSignedData(orig).signers[0]!.signedAttrs!;
        const received = parseSignedData(ber).signers[0]!.signedAttrs!;
        // 'ber': re-encoded while decoding; 'ber inside': the verifier's second try after the received bytes fail
        assert.equal(received.equals(signed), form === 'ber');
        assert.ok(serializeAttributes(received).equals(signed));
        writeFileSync(join(dir, 'ber.der'), ber);
        const o = openssl('cms', '-verify', '-binary', '-inform', 'DER', '-in', 'ber.der', '-content', 'data.bin', '-CAfile', 'chain.pem', '-out', '/dev/null');
        assert.equal(o.status, 0, o.stderr);
        assert.deepEqual((await pki.verifier.verify(ber, { data: DATA })).errors, [], `${name}, ${form}`);
        assert.deepEqual(codes(await pki.verifier.verify(ber, { data: Buffer.from('other') })), ['EDS_BAD_SIGNATURE']);
      }
  });

  test('every single-bit flip outside the signed part of the certificate (versions, algorithms, sid, attributes, signature, certificate signature) is caught', async () => {
    // pkijs-made, and OpenSSL-made (with an SMIMECapabilities attribute)
    for (const cms of [Buffer.from(await signCms(DATA, issued.ecSign!.pkcs12, PASSWORD)), opensslSign('ecSign', DATA, false)]) {
      assert.equal((await pki.verifier.verify(cms, { data: DATA })).valid, true);
      // Skipped: the certificate's TBSCertificate, covered by its issuer's signature, and the
      // r and s of that signature beyond their first bytes (the random flips below reach both).
      const cert = parseSignedData(cms).certificates[0]!;
      const parts = (asn1js.fromBER(new Uint8Array(cert)).result as asn1js.Sequence).valueBlock.value;
      const tbs = Buffer.from((parts[0] as asn1js.Sequence).valueBeforeDecodeView);
      const sigValue = Buffer.from((parts[2] as asn1js.BitString).valueBeforeDecodeView);
      const tbsAt = cms.indexOf(tbs);
      const sigAt = cms.indexOf(sigValue);
      assert.ok(tbsAt > 0 && sigAt > tbsAt);
      const valid: string[] = [];
      for (let i = 0; i < cms.length; i++) {
        if ((i >= tbsAt && i < tbsAt + tbs.length) || (i >= sigAt + 10 && i < sigAt + sigValue.length)) continue;
        for (let bit = 0; bit < 8; bit++) {
          const b = Buffer.from(cms);
          b[i] = (b[i] as number) ^ (1 << bit);
          const r = await pki.verifier.verify(b, { data: DATA });
          if (r.valid || r.errors.some((e) => e.detail?.startsWith('unexpected'))) valid.push(`byte ${i} bit ${bit}: ${JSON.stringify(r.errors)}`);
        }
      }
      assert.deepEqual(valid, []);
    }
  });

  test('random bit flips and truncations of valid signatures: never a throw, never valid', async () => {
    const samples: Array<{ cms: Buffer; opts: VerifyOptions }> = [
      { cms: Buffer.from(await signCms(DATA, issued.ecSign!.pkcs12, PASSWORD)), opts: { data: DATA } },
      { cms: Buffer.from(await signCms(DATA, issued.rsaSign!.pkcs12, PASSWORD)), opts: { data: DATA } },
      { cms: opensslSign('ecSign', DATA, false), opts: { data: DATA } },
      { cms: opensslSign('rsaSign', DATA, true, '-stream'), opts: {} },
      { cms: opensslSign('ecSign', DATA, false, '-keyid'), opts: { data: DATA } },
      { cms: withIndefiniteLengths(opensslSign('ecSign', DATA, false), 'ber inside'), opts: { data: DATA } },
    ];
    for (const s of samples) assert.deepEqual((await pki.verifier.verify(s.cms, s.opts)).errors, []);
    const mutation = fc.nat(samples.length - 1).chain((k) => {
      const n = (samples[k] as { cms: Buffer }).cms.length;
      return fc
        .record({
          k: fc.constant(k),
          flips: fc.uniqueArray(fc.nat(n * 8 - 1), { maxLength: 4 }),
          cut: fc.option(fc.nat(n - 1), { nil: undefined }),
        })
        .filter((m) => m.flips.length > 0 || m.cut !== undefined);
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ k, flips, cut }) => {
        const s = samples[k] as { cms: Buffer; opts: VerifyOptions };
        const b = Buffer.from(s.cms);
        for (const f of flips) b[f >> 3] = (b[f >> 3] as number) ^ (1 << (f & 7));
        const r = await pki.verifier.verify(cut === undefined ? b : b.subarray(0, cut), s.opts);
        assert.equal(r.valid, false);
        assert.ok(r.errors.length > 0);
        for (const e of r.errors) assert.ok(!e.detail?.startsWith('unexpected'), `an exception inside the verifier: ${e.detail}`);
      }),
      { numRuns: 600 },
    );
  });
});

describe('revocation: CRL, OCSP, database', () => {
  const DATA = Buffer.from('revocation test');
  let victim: IssuedCertificate;
  let sig: Uint8Array;
  const crlVerifier = () => new CmsVerifier({ trust: pki.trust, revocation: new RevocationChecker({ methods: ['crl'] }) });
  const ocspVerifier = () => new CmsVerifier({ trust: pki.trust, revocation: new RevocationChecker({ methods: ['ocsp'] }) });

  before(async () => {
    victim = await issue('victim');
    sig = await signCms(DATA, victim.pkcs12, PASSWORD);
    writeFileSync(join(dir, 'victim.pem'), victim.certificatePem);
    writeFileSync(join(dir, 'good.pem'), issued.ecSign!.certificatePem);
  });

  test('before revocation: good by database, CRL and OCSP; openssl ocsp says good', async () => {
    const db0 = await pki.verifier.verify(sig, { data: DATA });
    assert.deepEqual(codes(db0), []);
    assert.equal(db0.revocation?.method, 'db');
    const c = await crlVerifier().verify(sig, { data: DATA });
    assert.deepEqual([codes(c), c.revocation?.method], [[], 'crl']);
    const o = await ocspVerifier().verify(sig, { data: DATA });
    assert.deepEqual([codes(o), o.revocation?.method], [[], 'ocsp']);
    const r = await opensslAsync('ocsp', '-issuer', 'issuing.pem', '-cert', 'victim.pem', '-url', `${base}/pki/ocsp`, '-CAfile', 'root.pem');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /victim\.pem: good/);
    assert.match(r.stderr, /Response verify OK/);
  });

  test('admin revokes over HTTP; then CRL, OCSP and database all say EDS_REVOKED', async () => {
    const forbidden = await app.inject({ method: 'POST', url: `/api/v1/admin/pki/certificates/${victim.serial}/revoke`, payload: { reason: 'keyCompromise' } });
    assert.equal(forbidden.statusCode, 403);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/pki/certificates/${victim.serial}/revoke`,
      headers: { 'x-test-admin': 'yes' },
      payload: { reason: 'keyCompromise' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().reason, 'keyCompromise');

    // the default verifier had cached "good": the local revocation invalidated it
    const d = await pki.verifier.verify(sig, { data: DATA });
    assert.deepEqual(codes(d), ['EDS_REVOKED']);
    const c = await crlVerifier().verify(sig, { data: DATA });
    assert.deepEqual([codes(c), c.revocation?.method, c.revocation?.reason], [['EDS_REVOKED'], 'crl', 'keyCompromise']);
    const o = await ocspVerifier().verify(sig, { data: DATA });
    assert.deepEqual([codes(o), o.revocation?.method, o.revocation?.reason], [['EDS_REVOKED'], 'ocsp', 'keyCompromise']);

    const r = await opensslAsync('ocsp', '-issuer', 'issuing.pem', '-cert', 'victim.pem', '-cert', 'good.pem', '-url', `${base}/pki/ocsp`, '-CAfile', 'root.pem');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /victim\.pem: revoked/);
    assert.match(r.stdout, /Reason: keyCompromise/);
    assert.match(r.stdout, /good\.pem: good/);
    assert.match(r.stderr, /Response verify OK/);
  });

  test('the CRL: DER over HTTP, signed by the issuing CA, lists the serial with its reason and a CRL number', async () => {
    const res = await fetch(`${base}/pki/crl`);
    assert.equal(res.headers.get('content-type'), 'application/pkix-crl');
    writeFileSync(join(dir, 'crl.der'), Buffer.from(await res.arrayBuffer()));
    const v = openssl('crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'chain.pem', '-noout', '-text');
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stderr, /verify OK/);
    assert.match(v.stdout, new RegExp(`Serial Number: ${victim.serial.toUpperCase()}`));
    assert.match(v.stdout, /Key Compromise/);
    assert.match(v.stdout, /X509v3 CRL Number:\s+\d+/);
    assert.match(v.stdout, /Next Update:/);
  });

  test('OCSP over GET, unknown serial, malformed request', async () => {
    openssl('ocsp', '-issuer', 'issuing.pem', '-cert', 'victim.pem', '-no_nonce', '-reqout', 'req.der');
    const b64 = readFileSync(join(dir, 'req.der')).toString('base64');
    const res = await fetch(`${base}/pki/ocsp/${encodeURIComponent(b64)}`);
    assert.equal(res.headers.get('content-type'), 'application/ocsp-response');
    writeFileSync(join(dir, 'resp.der'), Buffer.from(await res.arrayBuffer()));
    const r = openssl('ocsp', '-respin', 'resp.der', '-issuer', 'issuing.pem', '-cert', 'victim.pem', '-CAfile', 'root.pem', '-no_nonce');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /victim\.pem: revoked/);

    // our issuer, a serial it never issued: "unknown" (RFC 6960 §2.2), in a successful, signed response
    const unk = await opensslAsync('ocsp', '-issuer', 'issuing.pem', '-serial', '0x0123456789abcdef', '-url', `${base}/pki/ocsp`, '-CAfile', 'root.pem');
    assert.match(unk.stdout, /0x0123456789ABCDEF: unknown/i, unk.stdout + unk.stderr);
    assert.match(unk.stderr + unk.stdout, /Response verify OK/);

    // a certificate of another CA: not ours to answer
    const foreign = await CertificationAuthority.createEphemeral({ baseUrl: base });
    const f = await foreign.issue({ iin: IIN, name: 'Бөтен Адам', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD });
    writeFileSync(join(dir, 'foreign.pem'), f.certificatePem);
    writeFileSync(join(dir, 'foreign-ca.pem'), foreign.issuingPem);
    const u = await opensslAsync('ocsp', '-issuer', 'foreign-ca.pem', '-cert', 'foreign.pem', '-url', `${base}/pki/ocsp`, '-CAfile', 'root.pem');
    assert.match(u.stdout + u.stderr, /unauthorized/i);

    const bad = await fetch(`${base}/pki/ocsp`, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'garbage' });
    assert.equal(bad.status, 200);
    assert.deepEqual([...Buffer.from(await bad.arrayBuffer())], [0x30, 0x03, 0x0a, 0x01, 0x01]); // malformedRequest
  });

  test('revoking an unknown serial → 404 PKI_CERT_NOT_FOUND, twice → 409 PKI_ALREADY_REVOKED', async () => {
    const h = { 'x-test-admin': 'yes' };
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates/0123456789abcdef/revoke', headers: h, payload: {} });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'PKI_CERT_NOT_FOUND');
    assert.equal(unknown.json().message.kk, PKI_ERRORS.PKI_CERT_NOT_FOUND[1].kk);
    const again = await app.inject({ method: 'POST', url: `/api/v1/admin/pki/certificates/${victim.serial}/revoke`, headers: h });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().code, 'PKI_ALREADY_REVOKED');
    const junk = await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates/zz-not-hex/revoke', headers: h, payload: {} });
    assert.equal(junk.statusCode, 404);
  });
});

describe('HTTP API', () => {
  const h = { 'x-test-admin': 'yes' };

  test('an employee certificate asked for by BIN alone takes O= from the legal entities register; an unknown BIN is refused', async () => {
    const reg = Fastify({ logger: false }).withTypeProvider();
    reg.setValidatorCompiler(validatorCompiler);
    reg.setSerializerCompiler(serializerCompiler);
    installErrorHandling(reg);
    const asked: string[] = [];
    await reg.register(
      pkiRoutes({
        pki,
        db,
        adminPreHandler: async () => {},
        actor: () => actor,
        organisationName: async (bin) => {
          asked.push(bin);
          return bin === BIN ? 'ТОО «Қызмет Тест»' : null;
        },
      }),
    );
    try {
      const body = { iin: IIN, bin: BIN, name: 'Омаров Ерлан', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD, reason: 'новый сотрудник' };
      const ok = await reg.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', payload: body });
      assert.equal(ok.statusCode, 201, ok.body);
      const subject = new x509.X509Certificate(ok.json().certificatePem).subject;
      assert.match(subject, /O=ТОО «Қызмет Тест»/);
      assert.match(subject, new RegExp(`OU=BIN${BIN}`));
      const unknown = await reg.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', payload: { ...body, bin: makeBin('2016-01', 77) } });
      assert.equal(unknown.statusCode, 422);
      assert.equal(unknown.json().code, 'PKI_UNKNOWN_ORGANISATION');
      const badBin = await reg.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', payload: { ...body, bin: '000000000001' } });
      assert.equal(badBin.json().code, 'PKI_INVALID_BIN');
      assert.equal(asked.length, 2, 'an invalid BIN is not looked up');
    } finally {
      await reg.close();
    }
  });

  test('issue over HTTP, then verify a signature over HTTP', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/pki/certificates',
      headers: h,
      payload: { iin: IIN, bin: BIN, name: 'Омаров Ерлан', organization: 'ЖШС Тест', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD, reason: 'новый сотрудник' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const it = res.json() as IssuedCertificate;
    assert.match(it.serial, /^[0-9a-f]+$/);
    assert.match(it.certificatePem, /BEGIN CERTIFICATE/);
    const data = Buffer.from('өтініш / заявление');
    const sig = await signCms(data, it.pkcs12, PASSWORD);
    const v = await app.inject({
      method: 'POST',
      url: '/api/v1/signatures/verify',
      payload: { data: data.toString('base64'), signature: Buffer.from(sig).toString('base64'), expectedIin: IIN },
    });
    assert.equal(v.statusCode, 200, v.body);
    assert.deepEqual(v.json().signer, { iin: IIN, bin: BIN, name: 'ОМАРОВ ЕРЛАН', serial: it.serial });
    assert.equal(v.json().valid, true);
    assert.deepEqual(v.json().errors, []);

    const mismatch = await app.inject({
      method: 'POST',
      url: '/api/v1/signatures/verify',
      payload: { data: Buffer.from('other').toString('base64'), signature: Buffer.from(sig).toString('base64'), expectedIin: IIN2 },
    });
    assert.equal(mismatch.statusCode, 200);
    assert.equal(mismatch.json().valid, false);
    assert.deepEqual(mismatch.json().errors.map((e: { code: string }) => e.code), ['EDS_BAD_SIGNATURE', 'EDS_IIN_MISMATCH']);
    assert.equal(mismatch.json().errors[1].message.ru, PKI_ERRORS.EDS_IIN_MISMATCH[1].ru);
  });

  test('issuing needs the admin pre-handler and valid input', async () => {
    const body = { iin: IIN, name: 'Омаров Ерлан', usage: 'auth', algorithm: 'ecdsa', password: PASSWORD, reason: 'утерян токен' };
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', payload: body })).statusCode, 403);
    const badIin = await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', headers: h, payload: { ...body, iin: '123' } });
    assert.deepEqual([badIin.statusCode, badIin.json().code], [422, 'INVALID_IIN']);
    const badBin = await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', headers: h, payload: { ...body, bin: '000000000000' } });
    assert.deepEqual([badBin.statusCode, badBin.json().code], [422, 'PKI_INVALID_BIN']);
    const badUsage = await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', headers: h, payload: { ...body, usage: 'both' } });
    assert.deepEqual([badUsage.statusCode, badUsage.json().code], [422, 'VALIDATION_FAILED']);
    const badDate = await app.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', headers: h, payload: { ...body, notAfter: 'tomorrow' } });
    assert.equal(badDate.statusCode, 422);
  });

  test('malformed base64 or CMS → 400 EDS_MALFORMED; detached without data → 400 EDS_DATA_REQUIRED; random input never 5xx', async () => {
    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/signatures/verify', payload: payload as Record<string, unknown> });
    const r1 = await post({ signature: '%%% not base64 %%%' });
    assert.deepEqual([r1.statusCode, r1.json().code, r1.json().path], [400, 'EDS_MALFORMED', '/signature']);
    const r2 = await post({ signature: Buffer.from('hello world').toString('base64') });
    assert.deepEqual([r2.statusCode, r2.json().code], [400, 'EDS_MALFORMED']);
    const r3 = await post({ signature: 'MIIB', data: '***' });
    assert.deepEqual([r3.statusCode, r3.json().code, r3.json().path], [400, 'EDS_MALFORMED', '/data']);
    const det = await signCms(Buffer.from('x'), issued.ecSign!.pkcs12, PASSWORD);
    const r4 = await post({ signature: Buffer.from(det).toString('base64') });
    assert.deepEqual([r4.statusCode, r4.json().code], [400, 'EDS_DATA_REQUIRED']);
    await fc.assert(
      fc.asyncProperty(fc.record({ signature: fc.oneof(fc.string(), fc.base64String()), data: fc.option(fc.base64String(), { nil: undefined }) }), async (p) => {
        const r = await post(p);
        assert.ok(r.statusCode < 500, r.body);
      }),
      { numRuns: 100 },
    );
  });

  test('CA certificates are published', async () => {
    const root = await app.inject({ method: 'GET', url: '/pki/ca/root.pem' });
    assert.equal(root.body, ca.rootPem);
    const iss = await app.inject({ method: 'GET', url: '/pki/ca/issuing.cer' });
    assert.equal(iss.headers['content-type'], 'application/pkix-cert');
    assert.equal(new x509.X509Certificate(new Uint8Array(iss.rawPayload)).subject, ca.issuing.subject);
  });
});

describe('CA persistence', () => {
  test('created once, reloaded with the secret, refused with a wrong secret; keys stored encrypted', async () => {
    const opts = { baseUrl: base, atRestIterations: 1000 };
    const a = await CertificationAuthority.loadOrCreate(db, 'a-long-enough-secret', opts);
    const b = await CertificationAuthority.loadOrCreate(db, 'a-long-enough-secret', opts);
    assert.equal(b.rootPem, a.rootPem);
    assert.equal(b.issuingKeyId, a.issuingKeyId);
    await assert.rejects(CertificationAuthority.loadOrCreate(db, 'another-long-secret', opts), /PKI_CA_SECRET/);
    const rows = (await db.query<{ private_key_pem: string }>('SELECT private_key_pem FROM pki_ca')).rows;
    assert.equal(rows.length, 2);
    for (const r of rows) {
      assert.match(r.private_key_pem, /BEGIN ENCRYPTED PRIVATE KEY/);
      writeFileSync(join(dir, 'cakey.pem'), r.private_key_pem);
      // OpenSSL opens it with the secret (operators can back it up / move it to an HSM)
      mustOpenssl('pkey', '-in', 'cakey.pem', '-passin', 'pass:a-long-enough-secret', '-noout');
      assert.notEqual(openssl('pkey', '-in', 'cakey.pem', '-passin', 'pass:wrong', '-noout').status, 0);
    }
    // a certificate issued by the reloaded CA verifies against the first one's root
    const it = await b.issue({ iin: IIN, name: 'Тест Тестов', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD });
    const v = new CmsVerifier({ trust: assemblePki({ ...loadPkiConfig({ DEMO: '1' }), baseUrl: base }, a).trust, revocation: null });
    assert.deepEqual(codes(await v.verify(await signCms(Buffer.from('z'), it.pkcs12, PASSWORD), { data: Buffer.from('z') })), []);
  });
});

describe('revocation on every process at once (issue 8, item 3)', () => {
  test('two processes (two CA instances on one database): a revocation through one is refused by the other at once — verifier and CRL', async () => {
    const opts = { baseUrl: base, atRestIterations: 1000 };
    const a = await CertificationAuthority.loadOrCreate(db, 'a-long-enough-secret', opts);
    const b = await CertificationAuthority.loadOrCreate(db, 'a-long-enough-secret', opts);
    const cfg = { ...loadPkiConfig({ DEMO: '1' }), baseUrl: base, revocation: ['db' as const] };
    const pb = assemblePki(cfg, b);
    const it = await a.issue({ iin: IIN, name: 'Екі Процесс', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD });
    const data = Buffer.from('two processes');
    const sig = await signCms(data, it.pkcs12, PASSWORD);
    assert.deepEqual(codes(await pb.verifier.verify(sig, { data })), []);
    const listed = async () => new x509.X509Crl(toAB(await b.crl())).entries.some((e) => e.serialNumber.toLowerCase().replace(/^0+/, '') === it.serial.replace(/^0+/, ''));
    assert.equal(await listed(), false);
    await a.revoke(it.serial, 'keyCompromise');
    assert.deepEqual(codes(await pb.verifier.verify(sig, { data })), ['EDS_REVOKED'], "B's verifier reads our own CA's status from the database");
    assert.equal(await listed(), true, "B's CRL is rebuilt after a revocation elsewhere");
  });

  test('the revocation cache serves only answers about outside CAs; our own CA is read from the database every time', async () => {
    let own: 'good' | 'revoked' = 'good';
    let ownReads = 0;
    const foreign = await CertificationAuthority.createEphemeral({ baseUrl: 'http://foreign-ocsp.invalid', keystoreIterations: 2048 }, db);
    const responder = new OcspResponder({ issuer: foreign.issuing, issuerKey: foreign.issuingKey, lookup: (sn) => foreign.status(sn) });
    let fetches = 0;
    const fakeFetch = (async (_url: string, init?: RequestInit) => {
      fetches++;
      return new Response(Buffer.from(await responder.respond(new Uint8Array(init?.body as Buffer))), { headers: { 'content-type': 'application/ocsp-response' } });
    }) as typeof fetch;
    const checker = new RevocationChecker({
      methods: ['ocsp'], // not even listed: our own CA is always asked in the database
      fetch: fakeFetch,
      ownCa: {
        isOwnIssuer: (k) => ca.isOwnIssuer(k),
        status: async () => {
          ownReads++;
          return own === 'good' ? { status: 'good' } : { status: 'revoked', revokedAt: new Date(), reason: 'keyCompromise' };
        },
      },
    });
    const mine = new x509.X509Certificate((await issue('cache-own')).certificatePem);
    assert.equal((await checker.check(mine, ca.issuing)).status, 'good');
    assert.equal((await checker.check(mine, ca.issuing)).status, 'good');
    own = 'revoked';
    const r = await checker.check(mine, ca.issuing);
    assert.deepEqual([r.status, r.method], ['revoked', 'db']);
    assert.equal(ownReads, 3);

    const theirs = new x509.X509Certificate((await foreign.issue({ iin: IIN, name: 'Бөтен Адам', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD })).certificatePem);
    assert.deepEqual([(await checker.check(theirs, foreign.issuing)).status, (await checker.check(theirs, foreign.issuing)).method], ['good', 'ocsp']);
    assert.equal(fetches, 1, "an outside CA's answer is cached");
  });
});

describe('production: no issuing CA unless configured', () => {
  test('DEMO=false without PKI_CA_SECRET: no CA — verification works, issuing answers 503 PKI_CA_NOT_CONFIGURED', async () => {
    const cfg = loadPkiConfig({ DEMO: 'false' });
    assert.equal(cfg.caSecret, null);
    assert.equal(cfg.trustOwnRoot, false);
    const p = await createPki({ db, config: cfg });
    assert.equal(p.ca, null);
    const prod = Fastify({ logger: false }).withTypeProvider();
    prod.setValidatorCompiler(validatorCompiler);
    prod.setSerializerCompiler(serializerCompiler);
    installErrorHandling(prod);
    await prod.register(pkiRoutes({ pki: p, db, adminPreHandler: async () => {}, actor: () => actor }));
    try {
      const r = await prod.inject({ method: 'POST', url: '/api/v1/admin/pki/certificates', payload: { iin: IIN, name: 'Омаров Ерлан', usage: 'auth', algorithm: 'ecdsa', password: PASSWORD, reason: 'тест' } });
      assert.deepEqual([r.statusCode, r.json().code], [503, 'PKI_CA_NOT_CONFIGURED']);
      const v = await prod.inject({ method: 'POST', url: '/api/v1/signatures/verify', payload: { data: DATA_B64, signature: Buffer.from(await signCms(Buffer.from('prod'), issued.ecSign!.pkcs12, PASSWORD)).toString('base64') } });
      assert.equal(v.statusCode, 200);
      assert.equal(v.json().errors[0].code, 'EDS_UNTRUSTED_ISSUER', 'the demo root is not trusted in production');
    } finally {
      await prod.close();
    }
    assert.equal(loadPkiConfig({ DEMO: 'false', PKI_CA_SECRET: 'a-configured-ca-secret' }).caSecret, 'a-configured-ca-secret');
  });
});

describe('a CA with RSA keys', () => {
  test('issues, signs CRLs and OCSP answers with sha256WithRSAEncryption', async () => {
    const rsaCa = await CertificationAuthority.createEphemeral({ baseUrl: 'http://rsa-ca.invalid', algorithm: 'rsa', keystoreIterations: 2048 }, db);
    const it = await rsaCa.issue({ iin: IIN, name: 'Рса Тест', usage: 'sign', algorithm: 'ecdsa', password: PASSWORD });
    writeFileSync(join(dir, 'rsa-root.pem'), rsaCa.rootPem);
    writeFileSync(join(dir, 'rsa-issuing.pem'), rsaCa.issuingPem);
    writeFileSync(join(dir, 'rsa-ee.pem'), it.certificatePem);
    assert.match(mustOpenssl('x509', '-in', 'rsa-ee.pem', '-noout', '-text').stdout, /Signature Algorithm: sha256WithRSAEncryption/);
    mustOpenssl('verify', '-CAfile', 'rsa-root.pem', '-untrusted', 'rsa-issuing.pem', 'rsa-ee.pem');
    await rsaCa.revoke(it.serial, 'superseded');
    writeFileSync(join(dir, 'rsa.crl'), await rsaCa.crl());
    const crl = mustOpenssl('crl', '-inform', 'DER', '-in', 'rsa.crl', '-CAfile', 'rsa-issuing.pem', '-noout', '-text');
    assert.match(crl.stdout, /Superseded/);
    // OCSP through our own client, answered by the responder of that CA
    const responder = new OcspResponder({ issuer: rsaCa.issuing, issuerKey: rsaCa.issuingKey, lookup: (sn) => rsaCa.status(sn) });
    const fakeFetch = (async (_url: string, init?: RequestInit) =>
      new Response(Buffer.from(await responder.respond(new Uint8Array(init?.body as Buffer))), { headers: { 'content-type': 'application/ocsp-response' } })) as typeof fetch;
    const cert = new x509.X509Certificate(it.certificatePem);
    const a = await queryOcsp('http://rsa-ca.invalid/pki/ocsp', cert, rsaCa.issuing, { fetch: fakeFetch });
    assert.equal(a?.status, 'revoked');
    assert.equal(a?.reason, 'superseded');
    // an answer signed by someone else is not trusted
    const liar = new OcspResponder({ issuer: rsaCa.issuing, issuerKey: ca.issuingKey, lookup: async () => ({ status: 'good' }) });
    const liarFetch = (async (_url: string, init?: RequestInit) =>
      new Response(Buffer.from(await liar.respond(new Uint8Array(init?.body as Buffer))))) as typeof fetch;
    assert.equal(await queryOcsp('http://rsa-ca.invalid/pki/ocsp', cert, rsaCa.issuing, { fetch: liarFetch }), null);
  });
});
