/**
 * PKCS#12 keystores (.p12/.pfx), the file format NCALayer and the national CA use:
 * one shrouded key bag (PKCS#8, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) and the
 * certificate chain in a password-encrypted safe, integrity by HMAC-SHA256 (RFC 7292).
 * Opens with `openssl pkcs12 -in f.p12 -passin pass:… -nodes` (OpenSSL 3 defaults
 * are the same algorithms).
 */
import { asn1js, parseAsn1, pkijs, sha1, toAB, wc, x509 } from './engine.ts';
import { pkiError } from './errors.ts';
import { importPkcs8 } from './keys.ts';

const BAG_KEY = '1.2.840.113549.1.12.10.1.1';
const BAG_SHROUDED_KEY = '1.2.840.113549.1.12.10.1.2';
const BAG_CERT = '1.2.840.113549.1.12.10.1.3';
const ATTR_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const ATTR_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

export interface Pkcs12Input {
  key: CryptoKey;
  certificate: x509.X509Certificate;
  /** Issuer chain, nearest first (issuing CA, then root). */
  chain: x509.X509Certificate[];
  password: string;
  friendlyName?: string;
  /** PBKDF2 and MAC iterations (default 10 000; OpenSSL's default is 2 048). */
  iterations?: number;
}

const pwBytes = (password: string) => toAB(Buffer.from(password, 'utf8'));

export async function buildPkcs12(input: Pkcs12Input): Promise<ArrayBuffer> {
  const iterationCount = input.iterations ?? 10_000;
  const password = pwBytes(input.password);
  const enc = { password, contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm, hmacHashAlgorithm: 'SHA-256', iterationCount };

  const keyBag = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: pkijs.PrivateKeyInfo.fromBER(await wc.subtle.exportKey('pkcs8', input.key)),
  });
  await keyBag.makeInternalValues(enc);

  const attrs = () => [
    new pkijs.Attribute({ type: ATTR_LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: toAB(sha1(input.certificate.rawData)) })] }),
    ...(input.friendlyName ? [new pkijs.Attribute({ type: ATTR_FRIENDLY_NAME, values: [new asn1js.BmpString({ value: input.friendlyName })] })] : []),
  ];
  const certBags = [input.certificate, ...input.chain].map(
    (c, i) =>
      new pkijs.SafeBag({
        bagId: BAG_CERT,
        bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(c.rawData) }),
        ...(i === 0 ? { bagAttributes: attrs() } : {}),
      }),
  );

  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0,
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: BAG_SHROUDED_KEY, bagValue: keyBag, bagAttributes: attrs() })] }) },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, enc] });
  await pfx.makeInternalValues({ password, iterations: iterationCount, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' });
  return pfx.toSchema().toBER(false);
}

export interface Keystore {
  key: CryptoKey;
  certificate: x509.X509Certificate;
  /** The other certificates of the keystore (usually the issuer chain). */
  chain: x509.X509Certificate[];
}

const hex = (b: ArrayBuffer | ArrayBufferView) => Buffer.from(b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)).toString('hex');

function localKeyId(bag: pkijs.SafeBag): string | null {
  const a = bag.bagAttributes?.find((x) => x.type === ATTR_LOCAL_KEY_ID);
  const v = a?.values[0];
  return v instanceof asn1js.OctetString ? hex(v.valueBlock.valueHexView) : null;
}

/**
 * Open a PKCS#12 keystore. Wrong password → PkiError PKI_BAD_PASSWORD; anything
 * that is not a readable keystore with one private key → PKI_MALFORMED_KEYSTORE.
 */
export async function loadPkcs12(der: ArrayBuffer | ArrayBufferView, password: string): Promise<Keystore> {
  const asn = parseAsn1(der);
  if (!asn) throw pkiError('PKI_MALFORMED_KEYSTORE');
  let pfx: pkijs.PFX;
  try {
    pfx = new pkijs.PFX({ schema: asn });
  } catch {
    throw pkiError('PKI_MALFORMED_KEYSTORE');
  }
  const pw = pwBytes(password);
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: !!pfx.macData });
  } catch (e) {
    throw pkiError(/Integrity/i.test((e as Error)?.message ?? '') ? 'PKI_BAD_PASSWORD' : 'PKI_MALFORMED_KEYSTORE');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw pkiError('PKI_MALFORMED_KEYSTORE');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
  } catch {
    // The MAC already vouched for the password when there is one.
    throw pkiError(pfx.macData ? 'PKI_MALFORMED_KEYSTORE' : 'PKI_BAD_PASSWORD');
  }
  const keys: Array<{ der: ArrayBuffer; id: string | null }> = [];
  const certs: Array<{ cert: x509.X509Certificate; id: string | null }> = [];
  try {
    for (const sc of safe.parsedValue.safeContents as Array<{ value: pkijs.SafeContents }>) {
      for (const bag of sc.value.safeBags) {
        if (bag.bagId === BAG_SHROUDED_KEY) {
          const kb = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
          await (kb as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pw });
          keys.push({ der: kb.parsedValue!.toSchema().toBER(false), id: localKeyId(bag) });
        } else if (bag.bagId === BAG_KEY) {
          keys.push({ der: (bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false), id: localKeyId(bag) });
        } else if (bag.bagId === BAG_CERT) {
          const cb = bag.bagValue as pkijs.CertBag;
          if (cb.parsedValue instanceof pkijs.Certificate)
            certs.push({ cert: new x509.X509Certificate(cb.parsedValue.toSchema().toBER(false)), id: localKeyId(bag) });
        }
      }
    }
  } catch {
    throw pkiError(pfx.macData ? 'PKI_MALFORMED_KEYSTORE' : 'PKI_BAD_PASSWORD');
  }
  const k = keys[0];
  if (keys.length !== 1 || !k || !certs.length) throw pkiError('PKI_MALFORMED_KEYSTORE');
  let key: CryptoKey;
  try {
    key = await importPkcs8(k.der);
  } catch {
    throw pkiError('PKI_MALFORMED_KEYSTORE');
  }
  const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;
  const own =
    (k.id && certs.find((c) => c.id === k.id)) || (certs.filter((c) => !isCa(c.cert)).length === 1 ? certs.find((c) => !isCa(c.cert)) : certs[0]);
  if (!own) throw pkiError('PKI_MALFORMED_KEYSTORE');
  return { key, certificate: own.cert, chain: certs.filter((c) => c !== own).map((c) => c.cert) };
}
