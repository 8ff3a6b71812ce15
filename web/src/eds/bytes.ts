/** Byte helpers for the browser (no node Buffer): base64 both ways, exact ArrayBuffers for pkijs/asn1js. */

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Standard or URL-safe base64 → bytes; null when it is not base64. */
export function fromBase64(s: string): Uint8Array | null {
  const t = s.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return null;
  try {
    const bin = atob(t.padEnd(Math.ceil(t.length / 4) * 4, '='));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** A fresh ArrayBuffer holding exactly these bytes. */
export function toAB(b: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (b instanceof ArrayBuffer) return b;
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  return out;
}

export const hex = (b: ArrayBuffer | ArrayBufferView): string =>
  [...new Uint8Array(toAB(b))].map((x) => x.toString(16).padStart(2, '0')).join('');

/** WebCrypto exists only in secure contexts (https, or http on localhost/127.0.0.1). */
export const hasWebCrypto = (): boolean => typeof globalThis.crypto !== 'undefined' && !!globalThis.crypto.subtle;
