/**
 * What a file really is, from its first bytes (magic numbers), never from its name or the type the
 * client declares: `%PDF-` (PDF), `FF D8 FF` (JPEG), `89 50 4E 47 0D 0A 1A 0A` (PNG). Anything
 * else is unknown. Pure; used by the upload route to refuse a file whose content does not match
 * its declared type.
 */
import type { FileMime } from '../registry/types.ts';

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** The type the content is, or null when it is none Qyzmet accepts. */
export function sniffMime(bytes: Uint8Array): FileMime | null {
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  return null;
}

/**
 * A Content-Type header as one of the accepted types: parameters dropped (`; charset=…`),
 * case ignored, and `image/jpg` / `image/pjpeg` (what some scanners and old browsers send) read
 * as `image/jpeg`. Null for anything else.
 */
export function declaredMime(contentType: string | undefined): FileMime | null {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === 'application/pdf') return 'application/pdf';
  if (t === 'image/jpeg' || t === 'image/jpg' || t === 'image/pjpeg') return 'image/jpeg';
  if (t === 'image/png') return 'image/png';
  return null;
}
