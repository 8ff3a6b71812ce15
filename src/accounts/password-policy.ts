/**
 * The password policy for a new password (recovery): at least 8 characters, letters and digits,
 * not the IIN nor containing it. Pure and browser-safe: the web form checks the same rules before
 * sending, with the same kk/ru/en messages (src/errors/errors.ts).
 */
import { ERRORS, type FieldIssue } from '../errors/errors.ts';

export const PASSWORD_MIN_LENGTH = 8;

type PolicyCode = 'PASSWORD_TOO_SHORT' | 'PASSWORD_LETTERS_AND_DIGITS' | 'PASSWORD_IS_IIN';
const issue = (code: PolicyCode, path: string): FieldIssue => ({ path, code, message: ERRORS[code][1] });

/** Every problem of `password` for the person with `iin` (empty: acceptable). */
export function passwordProblems(password: string, iin: string, path = '/newPassword'): FieldIssue[] {
  const out: FieldIssue[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) out.push(issue('PASSWORD_TOO_SHORT', path));
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) out.push(issue('PASSWORD_LETTERS_AND_DIGITS', path));
  if (iin && password.includes(iin)) out.push(issue('PASSWORD_IS_IIN', path));
  return out;
}
