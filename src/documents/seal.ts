/**
 * The seal of an organisation's information system (README.md, "Decided by the system"): the SIGN
 * key with which a result the system decided at once (the address reference) is signed, so that it
 * verifies on /verify like a document an official signed. It names the information system and the
 * organisation, not a person (no IIN): CN "<organisation> — ақпараттық жүйе / информационная
 * система", O the organisation, the legal-entity policy and the SIGN key usage.
 *
 * Issued by the deployment's CA on first use and recorded in its register (`pki_certificates`: so
 * it can be revoked like any other certificate, and a revoked seal makes its documents invalid);
 * the keystore (PKCS#12, protected by PKI_CA_SECRET) is kept in `document_seals`, one per
 * organisation, and loaded once per process. A revoked or expiring seal is replaced by a new one
 * (its register status is read at each use). Without a CA there is no seal (null): the system's
 * results then carry no signed document.
 */
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { signWithKeystore } from '../pki/sign.ts';
import { attachSignature } from './documents.ts';
import { certPem, describe, randomSerial } from '../pki/ca.ts';
import { normSerial, x509 } from '../pki/engine.ts';
import { generateKeyPair, keyAlgorithmOf, signingParams } from '../pki/keys.ts';
import { buildPkcs12, type Keystore, loadPkcs12 } from '../pki/pkcs12.ts';
import { OID, POLICY, USAGE_PROFILE } from '../pki/profile.ts';
import type { Organisation } from '../organisations/organisations.ts';

export interface Seal {
  orgId: string;
  serial: string;
  keystore: Keystore;
  /** As printed on the document (the official's line). */
  name: string;
  notAfter: Date;
}

const cache = new WeakMap<AppContext, Map<string, Promise<Seal | null>>>();

/** The printed name of an organisation's system seal. */
export const sealName = (org: Pick<Organisation, 'name'>) => `${org.name.kk} — ақпараттық жүйе / ${org.name.ru} — информационная система`;

/** Issue a seal; `replacing`: the serial of a revoked or expiring one it takes the place of (another process may have replaced it first). */
async function issueSeal(ctx: AppContext, org: Organisation, secret: string, replacing: string | null = null): Promise<void> {
  const ca = ctx.pki.ca!;
  const keys = await generateKeyPair('ecdsa');
  const serial = randomSerial();
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(Math.min(notBefore.getTime() + 3 * 365 * 86_400_000, ca.issuing.notAfter.getTime()));
  const cn = `${org.name.ru} — информационная система`.slice(0, 200);
  const subject = new x509.Name([{ [OID.CN]: [{ utf8String: cn }] }, { [OID.C]: [{ printableString: 'KZ' }] }, { [OID.O]: [{ utf8String: org.name.ru.slice(0, 200) }] }]);
  const profile = USAGE_PROFILE.sign;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject,
    issuer: ca.issuing.subjectName,
    publicKey: keys.publicKey,
    signingKey: ca.issuingKey,
    notBefore,
    notAfter,
    signingAlgorithm: signingParams(keyAlgorithmOf(ca.issuingKey)),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(profile.keyUsage, true),
      new x509.ExtendedKeyUsageExtension(profile.eku, false),
      new x509.CertificatePolicyExtension([POLICY.legalEntity], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.AuthorityKeyIdentifierExtension(ca.issuingKeyId),
      new x509.AuthorityInfoAccessExtension({ ocsp: ca.urls.ocsp, caIssuers: ca.urls.caIssuers }),
      new x509.CRLDistributionPointsExtension([ca.urls.crl]),
    ],
  });
  const p12 = await buildPkcs12({ key: keys.privateKey, certificate: cert, chain: [ca.issuing, ca.root], password: secret, friendlyName: `${org.id} SEAL`, iterations: ctx.pki.config.keystoreIterations });
  const s = normSerial(serial);
  await ctx.db.tx(async (q) => {
    // Two processes issuing at once: the first stored wins; the other's certificate stays unused in the register.
    await q.query(
      `INSERT INTO pki_certificates (serial, ca_key_id, subject_iin, subject_bin, subject_dn, usage, algorithm, not_before, not_after, pem, issued_by, issue_reason)
       VALUES ($1,$2,NULL,NULL,$3,'sign','ecdsa',$4,$5,$6,NULL,$7)`,
      [s, ca.issuingKeyId, describe(cert), notBefore, notAfter, certPem(cert), `information-system seal of ${org.id}`],
    );
    await q.query(
      `INSERT INTO document_seals (org_id, serial, pkcs12) VALUES ($1,$2,$3)
       ON CONFLICT (org_id) DO UPDATE SET serial = EXCLUDED.serial, pkcs12 = EXCLUDED.pkcs12, created_at = now() WHERE document_seals.serial = $4`,
      [org.id, s, Buffer.from(p12), replacing],
    );
  });
}

async function loadSeal(ctx: AppContext, orgId: string): Promise<Seal | null> {
  const org = ctx.orgs.get(orgId);
  const secret = ctx.pki.config.caSecret;
  if (!org || !secret) return null;
  const read = async () => (await ctx.db.query<{ serial: string; pkcs12: Buffer }>('SELECT serial, pkcs12 FROM document_seals WHERE org_id = $1', [orgId])).rows[0];
  let row = await read();
  if (!row || (ctx.pki.ca && !(await usable(ctx, row.serial)))) {
    if (!ctx.pki.ca) return null;
    await issueSeal(ctx, org, secret, row?.serial ?? null);
    row = await read();
    if (!row) return null;
  }
  const keystore = await loadPkcs12(new Uint8Array(row.pkcs12), secret);
  return { orgId, serial: row.serial, keystore, name: sealName(org), notAfter: keystore.certificate.notAfter };
}

/** Not revoked (the CA's register, read now), and valid for more than a day. */
async function usable(ctx: AppContext, serial: string): Promise<boolean> {
  if ((await ctx.pki.ca!.status(serial)).status !== 'good') return false;
  const r = await ctx.db.query<{ not_after: Date }>('SELECT not_after FROM pki_certificates WHERE serial = $1', [serial]);
  return Boolean(r.rows[0] && r.rows[0].not_after.getTime() > Date.now() + 86_400_000);
}

/**
 * The seal of `orgId`'s information system, issued on first use. Call it outside any open
 * transaction (issuing writes in a transaction of its own).
 */
export async function organisationSeal(ctx: AppContext, orgId: string): Promise<Seal | null> {
  let m = cache.get(ctx);
  if (!m) cache.set(ctx, (m = new Map()));
  const get = () => {
    let p = m.get(orgId);
    if (!p) {
      p = loadSeal(ctx, orgId);
      m.set(orgId, p);
      // A failure (the database was down) is not remembered.
      p.catch(() => m.delete(orgId));
    }
    return p;
  };
  const seal = await get();
  // Revoked (by any process: the register is read each time, as every verification does) or expiring: a new one.
  if (seal && ctx.pki.ca && ((await ctx.pki.ca.status(seal.serial)).status !== 'good' || seal.notAfter.getTime() <= Date.now() + 86_400_000)) {
    if (m.get(orgId) && (await m.get(orgId)) === seal) m.delete(orgId);
    return get();
  }
  return seal;
}

/** Sign a prepared document with the seal and attach the signature (inside the action's transaction `q`). */
export async function sealDocument(q: Queryable, seal: Seal, number: string, bytes: Uint8Array, now: Date): Promise<void> {
  const cms = await signWithKeystore(bytes, seal.keystore, { signingTime: now });
  await attachSignature(q, number, cms, seal.serial, now);
}
