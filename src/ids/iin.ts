/**
 * IIN (individual) and BIN (legal entity) identification numbers: 12 digits with a
 * mod-11 check digit computed in two passes (Government decree No. 406 of 22.05.2007;
 * see shared/spec/kz-facts.md §1). A first-pass remainder of 10 triggers the second
 * pass with weights 3..11,1,2; a second remainder of 10 means the number is never issued.
 */

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit for the first 11 digits, or null when both passes give 10 (number not used). */
export function checkDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) return null;
  const d = [...first11].map(Number);
  const sum = (w: number[]) => d.reduce((acc, x, i) => acc + x * (w[i] as number), 0);
  let r = sum(W1) % 11;
  if (r === 10) r = sum(W2) % 11;
  return r === 10 ? null : r;
}

export type IdProblem = 'format' | 'checksum' | 'date' | 'kind';

/** Structure + check digit of any 12-digit IIN/BIN. */
export function checksumOk(id: string): boolean {
  if (!/^\d{12}$/.test(id)) return false;
  const k = checkDigit(id.slice(0, 11));
  return k !== null && k === Number(id[11]);
}

export interface IinInfo {
  birthDate: string | null; // ISO, null when century digit is 0 (unknown)
  sex: 'male' | 'female' | null;
}

/** Validate an IIN: 12 digits, valid check digit, a real birth date when the century digit says one. */
export function validateIin(iin: string): { ok: true; info: IinInfo } | { ok: false; problem: IdProblem } {
  if (typeof iin !== 'string' || !/^\d{12}$/.test(iin)) return { ok: false, problem: 'format' };
  const c = Number(iin[6]);
  let info: IinInfo = { birthDate: null, sex: null };
  if (c !== 0) {
    if (c > 6) return { ok: false, problem: 'date' };
    const century = c <= 2 ? 1800 : c <= 4 ? 1900 : 2000;
    const y = century + Number(iin.slice(0, 2));
    const m = Number(iin.slice(2, 4));
    const d = Number(iin.slice(4, 6));
    const dt = new Date(Date.UTC(y, m - 1, d));
    if (m < 1 || m > 12 || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return { ok: false, problem: 'date' };
    info = { birthDate: dt.toISOString().slice(0, 10), sex: c % 2 === 1 ? 'male' : 'female' };
  }
  if (!checksumOk(iin)) return { ok: false, problem: 'checksum' };
  return { ok: true, info };
}

export const isValidIin = (iin: string): boolean => validateIin(iin).ok;

/** Validate a BIN: 12 digits YYMM T A SSSSS K; T in 4,5,6; A in 0..3; valid month; check digit. */
export function validateBin(bin: string): { ok: true } | { ok: false; problem: IdProblem } {
  if (typeof bin !== 'string' || !/^\d{12}$/.test(bin)) return { ok: false, problem: 'format' };
  const m = Number(bin.slice(2, 4));
  if (m < 1 || m > 12) return { ok: false, problem: 'date' };
  if (!['4', '5', '6'].includes(bin[4] as string) || !['0', '1', '2', '3'].includes(bin[5] as string))
    return { ok: false, problem: 'kind' };
  if (!checksumOk(bin)) return { ok: false, problem: 'checksum' };
  return { ok: true };
}

export const isValidBin = (bin: string): boolean => validateBin(bin).ok;

/**
 * Make a valid IIN from a birth date, sex and serial (for demo data and tests):
 * tries serials from `serial` upward until the check digit exists.
 */
export function makeIin(birthDate: string, sex: 'male' | 'female', serial = 1): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  // The century digit covers 1800–2099 only, and the date must exist (else the IIN would be invalid).
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || y < 1800 || y > 2099 || dt.toISOString().slice(0, 10) !== birthDate)
    throw new RangeError(`makeIin: invalid birth date ${birthDate} (a real date in 1800–2099 is required)`);
  const c = (y < 1900 ? 1 : y < 2000 ? 3 : 5) + (sex === 'female' ? 1 : 0);
  for (let s = serial; s < serial + 10000; s++) {
    const body = `${String(y % 100).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${c}${String(s % 10000).padStart(4, '0')}`;
    const k = checkDigit(body);
    if (k !== null) return body + k;
  }
  throw new Error('no valid IIN found for this date');
}

/** Make a valid BIN: registration year/month, type (4 resident), attribute (0 head office), serial. */
export function makeBin(yearMonth: string, serial = 1, type = 4, attr = 0): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  if (!/^\d{4}-\d{2}$/.test(yearMonth) || m < 1 || m > 12) throw new RangeError(`makeBin: invalid year-month ${yearMonth}`);
  if (![4, 5, 6].includes(type) || ![0, 1, 2, 3].includes(attr)) throw new RangeError(`makeBin: type must be 4/5/6 and attribute 0–3`);
  for (let s = serial; s < serial + 100000; s++) {
    const body = `${String(y % 100).padStart(2, '0')}${String(m).padStart(2, '0')}${type}${attr}${String(s % 100000).padStart(5, '0')}`;
    const k = checkDigit(body);
    if (k !== null) return body + k;
  }
  throw new Error('no valid BIN found');
}
