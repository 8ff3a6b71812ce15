/**
 * Signing with a keystore file in the browser — the one entry point the pages load (lazily,
 * with `import()`, so pkijs is fetched only when someone signs). The private key is decrypted
 * into a non-extractable WebCrypto key, used once and dropped; the password is never kept.
 */
import { toBase64 } from './bytes.ts';
import { signDetached } from './cms.ts';
import { type CertInfo, checkKeystore, openKeystore } from './keystore.ts';

export type { CertInfo } from './keystore.ts';

export interface Unlocked {
  /** Who the certificate names, its validity and purpose. */
  signer: CertInfo;
  /** base64 DER of a detached CMS over `data` (SHA-256, signingTime, signer certificate). */
  sign(data: Uint8Array): Promise<string>;
}

/**
 * Open the keystore with its password and check it is the right key (`want`), valid today
 * and — when given — of this IIN, before anything is sent. Wrong password → EdsError
 * PKI_BAD_PASSWORD, and so on (see keystore.ts).
 */
export async function unlockKeystore(file: Uint8Array, password: string, want: 'sign' | 'auth', expectedIin?: string): Promise<Unlocked> {
  const ks = await openKeystore(file, password);
  checkKeystore(ks, want, expectedIin);
  return { signer: ks.info, sign: async (data) => toBase64(await signDetached(data, ks)) };
}
