/**
 * Key pairs and private-key containers: generation (RSA-2048 / ECDSA P-256),
 * PKCS#8 import with the algorithm taken from the key itself, and password-encrypted
 * PKCS#8 (EncryptedPrivateKeyInfo, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC) — the
 * same format `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` writes,
 * used for the CA keys at rest and inside PKCS#12 shrouded key bags.
 */
import { asn1js, parseAsn1, pem, pemBlocks, pkijs, toAB, wc } from './engine.ts';

export type KeyAlgorithm = 'rsa' | 'ecdsa';

export const OID_RSA = '1.2.840.113549.1.1.1';
export const OID_EC = '1.2.840.10045.2.1';
const CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

/** WebCrypto parameters for signing with a key of this algorithm (always SHA-256). */
export function signingParams(alg: KeyAlgorithm): RsaHashedImportParams | EcdsaParams {
  return alg === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' };
}

export function keyAlgorithmOf(key: CryptoKey): KeyAlgorithm {
  return key.algorithm.name === 'ECDSA' ? 'ecdsa' : 'rsa';
}

export async function generateKeyPair(alg: KeyAlgorithm): Promise<CryptoKeyPair> {
  const params: RsaHashedKeyGenParams | EcKeyGenParams =
    alg === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  return (await wc.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Import an unencrypted PKCS#8 private key (DER) for signing; the algorithm comes from the key. */
export async function importPkcs8(der: ArrayBuffer | ArrayBufferView): Promise<CryptoKey> {
  const asn = parseAsn1(der);
  if (!asn) throw new Error('private key: not DER');
  const info = new pkijs.PrivateKeyInfo({ schema: asn });
  const oid = info.privateKeyAlgorithm.algorithmId;
  let params: RsaHashedImportParams | EcKeyImportParams;
  if (oid === OID_RSA) params = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  else if (oid === OID_EC) {
    const p = info.privateKeyAlgorithm.algorithmParams;
    const curve = p instanceof asn1js.ObjectIdentifier ? CURVES[p.valueBlock.toString()] : undefined;
    if (!curve) throw new Error('private key: unsupported EC curve');
    params = { name: 'ECDSA', namedCurve: curve };
  } else throw new Error(`private key: unsupported algorithm ${oid}`);
  return wc.subtle.importKey('pkcs8', toAB(der), params, true, ['sign']);
}

export interface PbeOptions {
  /** PBKDF2 iterations; default 100 000. */
  iterations?: number;
}

/** EncryptedPrivateKeyInfo (DER) of a private key under a password: PBES2, PBKDF2-SHA256, AES-256-CBC. */
export async function encryptPrivateKey(key: CryptoKey, password: string, opts: PbeOptions = {}): Promise<ArrayBuffer> {
  const pkcs8 = await wc.subtle.exportKey('pkcs8', key);
  const bag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(pkcs8) });
  await bag.makeInternalValues({
    password: toAB(Buffer.from(password, 'utf8')),
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm,
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: opts.iterations ?? 100_000,
  });
  return bag.toSchema().toBER(false);
}

/** Decrypt an EncryptedPrivateKeyInfo; throws 'bad password' when the password is wrong. */
export async function decryptPrivateKey(der: ArrayBuffer | ArrayBufferView, password: string): Promise<CryptoKey> {
  const asn = parseAsn1(der);
  if (!asn) throw new Error('encrypted private key: not DER');
  const bag = new pkijs.PKCS8ShroudedKeyBag({ schema: asn });
  try {
    // parseInternalValues is protected in the typings but is the documented way to decrypt.
    await (bag as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({
      password: toAB(Buffer.from(password, 'utf8')),
    });
    if (!bag.parsedValue) throw new Error('empty');
    return await importPkcs8(bag.parsedValue.toSchema().toBER(false));
  } catch {
    throw new Error('bad password');
  }
}

export const encryptedKeyPem = async (key: CryptoKey, password: string, opts?: PbeOptions) =>
  pem('ENCRYPTED PRIVATE KEY', await encryptPrivateKey(key, password, opts));

export async function decryptKeyPem(text: string, password: string): Promise<CryptoKey> {
  const block = pemBlocks(text).find((b) => b.label === 'ENCRYPTED PRIVATE KEY');
  if (!block) throw new Error('no ENCRYPTED PRIVATE KEY block');
  return decryptPrivateKey(block.der, password);
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await wc.subtle.exportKey('pkcs8', key));
}
