/**
 * Document numbers: `KZ-DOC-YY-NNNNNNNN-C` (README.md). YY is the issue year (Kazakhstan time),
 * N the value of the `document_numbers` sequence (at least 8 digits), C a Damm check digit over
 * the digits of YY and N. Pure: the browser's verification page imports it too.
 */

// The Damm quasigroup of order 10 (totally anti-symmetric): every single-digit error and every
// transposition of adjacent digits changes the check digit.
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

/** The Damm check digit of a string of decimal digits. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![ch.charCodeAt(0) - 48]!;
  return interim;
}

export const DOCUMENT_NUMBER_RE = /^KZ-DOC-(\d{2})-(\d{8,12})-(\d)$/;

/** The number of the `serial`-th document issued in `year` (a 4-digit year). */
export function formatDocumentNumber(year: number, serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1 || serial >= 1e12) throw new RangeError(`document serial out of range: ${serial}`);
  const yy = String(year % 100).padStart(2, '0');
  const n = String(serial).padStart(8, '0');
  return `KZ-DOC-${yy}-${n}-${dammDigit(yy + n)}`;
}

/**
 * The canonical form of a document number as a person may type it (any case, surrounding
 * spaces), or null when it is not one: wrong shape or wrong check digit.
 */
export function parseDocumentNumber(input: string): string | null {
  const s = input.trim().toUpperCase();
  const m = DOCUMENT_NUMBER_RE.exec(s);
  if (!m) return null;
  const [, yy, n, c] = m as unknown as [string, string, string, string];
  // 8 digits unless the sequence has outgrown them: no extra leading zeros.
  if (n.length > 8 && n.startsWith('0')) return null;
  return dammDigit(yy + n) === Number(c) ? s : null;
}
