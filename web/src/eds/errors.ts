/** Failures found in the browser before anything is sent (no pkijs here, so pages can import it eagerly). */

/** The same codes as the server's (src/errors/errors.ts), so the same kk/ru/en messages; EDS_NO_WEBCRYPTO is the browser's own. */
export type LocalEdsCode =
  | 'PKI_BAD_PASSWORD'
  | 'PKI_MALFORMED_KEYSTORE'
  | 'EDS_UNSUPPORTED_ALGORITHM'
  | 'EDS_WRONG_KEY_USAGE'
  | 'EDS_IIN_MISMATCH'
  | 'EDS_EXPIRED'
  | 'EDS_NOT_YET_VALID'
  | 'EDS_NO_WEBCRYPTO';

export class EdsError extends Error {
  constructor(readonly code: LocalEdsCode) {
    super(code);
    this.name = 'EdsError';
  }
}
