/**
 * PkiError: an AppError carrying one of the PKI_ERRORS codes.
 *
 * errors.ts spreads PKI_ERRORS into ERRORS, so these are ordinary AppErrors; the
 * subclass only lets callers test for PKI failures with isPkiError().
 */
import { AppError, type FieldIssue } from '../errors/errors.ts';
import type { I18n } from '../registry/types.ts';
import { type EdsCode, PKI_ERRORS, type PkiErrorCode } from './error-codes.ts';

export { PKI_ERRORS, type EdsCode, type PkiErrorCode };

type Opts = { path?: string; errors?: FieldIssue[]; details?: Record<string, unknown> };

/** An AppError with one of the PKI_ERRORS codes (they are part of ERRORS in src/errors/errors.ts). */
export class PkiError extends AppError {
  readonly pkiCode: PkiErrorCode;
  constructor(code: PkiErrorCode, opts: Opts = {}) {
    super(code, opts);
    this.pkiCode = code;
    this.name = 'PkiError';
  }
}

export const pkiError = (code: PkiErrorCode, opts: Opts = {}): PkiError => new PkiError(code, opts);

export const pkiMessage = (code: PkiErrorCode): I18n => PKI_ERRORS[code][1];

export const isPkiError = (e: unknown, code?: PkiErrorCode): e is PkiError =>
  e instanceof PkiError && (code === undefined || e.pkiCode === code);
