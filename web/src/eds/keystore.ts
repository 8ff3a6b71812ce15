/**
 * PKCS#12 keystores (.p12/.pfx, the national CA's file format) opened in the browser with
 * pkijs + asn1js over the browser's WebCrypto — the same steps as the server's
 * src/pki/pkcs12.ts (which uses node's Buffer and crypto, so it cannot run here):
 * check the MAC (HMAC-SHA256/SHA-1 with the PKCS#12 key derivation), decrypt the safes and the
 * shrouded key bag (PBES2), and import the private key into WebCrypto as NON-EXTRACTABLE,
 * usable only for `sign`. Nothing leaves the browser; the key lives as long as the
 * returned object is referenced (the callers drop it right after signing).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hasWebCrypto, toAB } from './bytes.ts';
import { EdsError } from './errors.ts';

export { EdsError };

const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const ATTR_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'; // AUTH key
export const EKU_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4'; // SIGN key

export type KeyPurpose = 'sign' | 'auth' | 'unknown';

export interface CertInfo {
  /** CN, e.g. "АХМЕТОВ НҰРЛАН". */
  commonName: string;
  /** From SERIALNUMBER=IIN…; null when the certificate carries no IIN. */
  iin: string | null;
  /** From OU=BIN… (employees of a legal entity). */
  bin: string | null;
  organisation: string | null;
  notBefore: Date;
  notAfter: Date;
  purpose: KeyPurpose;
  serial: string;
}

export interface Keystore {
  key: CryptoKey;
  certificate: pkijs.Certificate;
  chain: pkijs.Certificate[];
  info: CertInfo;
}

function rdn(name: pkijs.RelativeDistinguishedNames, oid: string): string | null {
  const v = name.typesAndValues.find((x) => x.type === oid)?.value as { valueBlock?: { value?: unknown } } | undefined;
  const s = v?.valueBlock?.value;
  return typeof s === 'string' ? s : null;
}

/** What the certificate says about its owner and purpose (national CA profile). */
export function certInfo(cert: pkijs.Certificate): CertInfo {
  const sn = rdn(cert.subject, '2.5.4.5');
  const ou = rdn(cert.subject, '2.5.4.11');
  const eku = cert.extensions?.find((e) => e.extnID === '2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage | undefined;
  let purpose: KeyPurpose = 'unknown';
  if (eku?.keyPurposes.includes(EKU_EMAIL_PROTECTION)) purpose = 'sign';
  else if (eku?.keyPurposes.includes(EKU_CLIENT_AUTH)) purpose = 'auth';
  else {
    // No EKU: keyUsage decides, as on the server (nonRepudiation = SIGN, digitalSignature alone = AUTH).
    const ku = cert.extensions?.find((e) => e.extnID === '2.5.29.15')?.parsedValue as asn1js.BitString | undefined;
    const bits = ku ? new Uint8Array(ku.valueBlock.valueHexView) : null;
    if (bits && bits.length) purpose = (bits[0] as number) & 0x40 ? 'sign' : (bits[0] as number) & 0x80 ? 'auth' : 'unknown';
  }
  const serialHex = [...cert.serialNumber.valueBlock.valueHexView].map((b) => b.toString(16).padStart(2, '0')).join('');
  return {
    commonName: rdn(cert.subject, '2.5.4.3') ?? '',
    iin: sn && /^IIN\d{12}$/.test(sn) ? sn.slice(3) : null,
    bin: ou && /^BIN\d{12}$/.test(ou) ? ou.slice(3) : null,
    organisation: rdn(cert.subject, '2.5.4.10'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    purpose,
    serial: serialHex.replace(/^(00)+(?=.)/, ''),
  };
}

function localKeyId(bag: pkijs.SafeBag): string | null {
  const v = bag.bagAttributes?.find((x) => x.type === ATTR_LOCAL_KEY_ID)?.values[0];
  return v instanceof asn1js.OctetString ? [...v.valueBlock.valueHexView].join(',') : null;
}

async function importKey(der: ArrayBuffer): Promise<CryptoKey> {
  const asn = asn1js.fromBER(der);
  if (asn.offset === -1) throw new EdsError('PKI_MALFORMED_KEYSTORE');
  const info = new pkijs.PrivateKeyInfo({ schema: asn.result });
  const oid = info.privateKeyAlgorithm.algorithmId;
  let params: RsaHashedImportParams | EcKeyImportParams;
  if (oid === OID_RSA) params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  else if (oid === OID_EC) {
    const p = info.privateKeyAlgorithm.algorithmParams;
    const curve = p instanceof asn1js.ObjectIdentifier ? CURVES[p.valueBlock.toString()] : undefined;
    if (!curve) throw new EdsError('EDS_UNSUPPORTED_ALGORITHM');
    params = { name: 'ECDSA', namedCurve: curve };
  } else throw new EdsError('EDS_UNSUPPORTED_ALGORITHM'); // GOST keys need NCALayer
  try {
    // Not extractable: page scripts can sign with it but can never read it out.
    return await crypto.subtle.importKey('pkcs8', der, params, false, ['sign']);
  } catch {
    throw new EdsError('PKI_MALFORMED_KEYSTORE');
  }
}

/**
 * Open a PKCS#12 file with its password. Wrong password → EdsError PKI_BAD_PASSWORD;
 * not a keystore with exactly one private key → PKI_MALFORMED_KEYSTORE.
 */
export async function openKeystore(file: ArrayBuffer | Uint8Array, password: string): Promise<Keystore> {
  if (!hasWebCrypto()) throw new EdsError('EDS_NO_WEBCRYPTO');
  const ab = toAB(file);
  const asn = ab.byteLength ? asn1js.fromBER(ab) : null;
  if (!asn || asn.offset === -1 || asn.offset !== ab.byteLength) throw new EdsError('PKI_MALFORMED_KEYSTORE');
  let pfx: pkijs.PFX;
  try {
    pfx = new pkijs.PFX({ schema: asn.result });
  } catch {
    throw new EdsError('PKI_MALFORMED_KEYSTORE');
  }
  const pw = toAB(new TextEncoder().encode(password));
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: !!pfx.macData });
  } catch (e) {
    throw new EdsError(/integrity/i.test((e as Error)?.message ?? '') ? 'PKI_BAD_PASSWORD' : 'PKI_MALFORMED_KEYSTORE');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new EdsError('PKI_MALFORMED_KEYSTORE');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
  } catch {
    // With a MAC the password is already known to be right.
    throw new EdsError(pfx.macData ? 'PKI_MALFORMED_KEYSTORE' : 'PKI_BAD_PASSWORD');
  }
  const keys: Array<{ der: ArrayBuffer; id: string | null }> = [];
  const certs: Array<{ cert: pkijs.Certificate; id: string | null }> = [];
  try {
    for (const sc of safe.parsedValue.safeContents as Array<{ value: pkijs.SafeContents }>) {
      for (const bag of sc.value.safeBags) {
        if (bag.bagId === BAG_SHROUDED_KEY) {
          const kb = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
          // parseInternalValues is protected in the typings but is the documented way to decrypt.
          await (kb as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pw });
          if (kb.parsedValue) keys.push({ der: kb.parsedValue.toSchema().toBER(false), id: localKeyId(bag) });
        } else if (bag.bagId === BAG_KEY) {
          keys.push({ der: (bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false), id: localKeyId(bag) });
        } else if (bag.bagId === BAG_CERT) {
          const cb = bag.bagValue as pkijs.CertBag;
          if (cb.parsedValue instanceof pkijs.Certificate) certs.push({ cert: cb.parsedValue, id: localKeyId(bag) });
        }
      }
    }
  } catch {
    throw new EdsError(pfx.macData ? 'PKI_MALFORMED_KEYSTORE' : 'PKI_BAD_PASSWORD');
  }
  const k = keys[0];
  if (keys.length !== 1 || !k || !certs.length) throw new EdsError('PKI_MALFORMED_KEYSTORE');
  const key = await importKey(k.der);
  const isCa = (c: pkijs.Certificate) => (c.extensions?.find((e) => e.extnID === '2.5.29.19')?.parsedValue as pkijs.BasicConstraints | undefined)?.cA === true;
  const leaves = certs.filter((c) => !isCa(c.cert));
  const own = (k.id && certs.find((c) => c.id === k.id)) || (leaves.length === 1 ? leaves[0] : certs[0]);
  if (!own) throw new EdsError('PKI_MALFORMED_KEYSTORE');
  return { key, certificate: own.cert, chain: certs.filter((c) => c !== own).map((c) => c.cert), info: certInfo(own.cert) };
}

/**
 * The checks the server would make anyway, done before anything is sent: the right key
 * (SIGN for documents, AUTH for sign-in), valid today, and — for documents — the applicant's IIN.
 */
export function checkKeystore(ks: Keystore, want: 'sign' | 'auth', expectedIin?: string, now = new Date()): void {
  const i = ks.info;
  if (i.purpose !== 'unknown' && i.purpose !== want) throw new EdsError('EDS_WRONG_KEY_USAGE');
  if (now < i.notBefore) throw new EdsError('EDS_NOT_YET_VALID');
  if (now > i.notAfter) throw new EdsError('EDS_EXPIRED');
  if (expectedIin && i.iin !== expectedIin) throw new EdsError('EDS_IIN_MISMATCH');
}
