/**
 * One place that wires the X.509/CMS libraries to node's WebCrypto and holds the
 * small byte/PEM helpers every PKI module uses. `reflect-metadata` must be loaded
 * before @peculiar/x509 (its DI container needs it), hence the import order here:
 * every PKI module imports x509/pkijs through this file.
 */
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const wc = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(wc);
pkijs.setEngine('nodeWebCrypto', new pkijs.CryptoEngine({ name: 'nodeWebCrypto', crypto: wc }));

export { asn1js, pkijs, x509 };

/** A fresh ArrayBuffer holding exactly these bytes (pkijs/asn1js want ArrayBuffers). */
export function toAB(b: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (b instanceof ArrayBuffer) return b;
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  return out;
}

export function toBuf(b: ArrayBuffer | ArrayBufferView): Buffer {
  return b instanceof ArrayBuffer ? Buffer.from(b) : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

export const sha256hex = (b: ArrayBuffer | ArrayBufferView): string => createHash('sha256').update(toBuf(b)).digest('hex');
export const sha1 = (b: ArrayBuffer | ArrayBufferView): Buffer => createHash('sha1').update(toBuf(b)).digest();

/** PEM armour with 64-column lines. */
export function pem(label: string, der: ArrayBuffer | ArrayBufferView): string {
  const b64 = toBuf(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** All PEM blocks of a text (any label), as DER. */
export function pemBlocks(text: string): Array<{ label: string; der: Buffer }> {
  const out: Array<{ label: string; der: Buffer }> = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ label: m[1] as string, der: Buffer.from((m[2] as string).replace(/\s+/g, ''), 'base64') });
  return out;
}

/** Strict base64 (standard or URL alphabet, optional padding, whitespace ignored); null when malformed. */
export function decodeBase64(s: string): Buffer | null {
  if (typeof s !== 'string') return null;
  const t = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(t) || t.length % 4 === 1) return null;
  return Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Parse DER/BER strictly enough: the whole input must be one element. Returns null on garbage. */
export function parseAsn1(der: ArrayBuffer | ArrayBufferView): asn1js.AsnType | null {
  const ab = toAB(der);
  if (ab.byteLength === 0) return null;
  const r = asn1js.fromBER(ab);
  if (r.offset === -1 || r.offset !== ab.byteLength) return null;
  return r.result;
}

/** Lower-case hex of a certificate serial without leading zero bytes (our canonical DB form). */
export function normSerial(hex: string): string {
  const h = hex.toLowerCase().replace(/[^0-9a-f]/g, '');
  const t = h.replace(/^(00)+/, '');
  return t === '' ? '00' : t.length % 2 ? `0${t}` : t;
}
