/**
 * Sign-in flows and the applicant's signature of an application (see README.md).
 */
import { createHash } from 'node:crypto';
import { checkPassword, findUserById, findUserByIin, openSession, openSessionForNewAccount, type Session, type User } from '../accounts/accounts.ts';
import type { AppContext } from '../context.ts';
import { AppError, type ErrorCode } from '../errors/errors.ts';
import type { VerifyResult } from '../pki/verify.ts';
import { consumeChallenge } from './challenge.ts';
import { consumeOtp, issueOtp } from './otp.ts';
import { signingPayload, type SigningInput } from './payload.ts';

export type PasswordLoginResult = { session: Session } | { mfaRequired: true; otpId: string; phone: string; expiresAt: string };

/** Step 1: IIN + password. Accounts with an SMS second factor get a pending login (an OTP), not a session. */
export async function passwordLogin(ctx: AppContext, iin: string, password: string, kind: 'cookie' | 'bearer', client: string | null = null): Promise<PasswordLoginResult> {
  const { user, mfaSms } = await checkPassword(ctx.db, iin, password, ctx.config.login);
  if (!mfaSms) return { session: await openSession(ctx.db, user, kind, ctx.config.sessionTtlHours, 'password') };
  const otp = await issueOtp(ctx.db, user.id, 'login', null, undefined, { limits: ctx.config.otp, client });
  return { mfaRequired: true, ...otp };
}

/** Step 2 for two-factor accounts: the SMS code. The OTP row proves the password step succeeded. */
export async function completeSmsLogin(ctx: AppContext, otpId: string, code: string, kind: 'cookie' | 'bearer'): Promise<Session> {
  const r = await ctx.db.query<{ user_id: string }>("SELECT user_id FROM otp_codes WHERE id = $1 AND purpose = 'login'", [/^[0-9a-f-]{36}$/i.test(otpId) ? otpId : '00000000-0000-0000-0000-000000000000']);
  const userId = r.rows[0]?.user_id;
  if (!userId) throw new AppError('OTP_INVALID', { path: '/otpId' });
  await consumeOtp(ctx.db, otpId, code, userId, 'login');
  const user = await findUserById(ctx.db, userId);
  if (!user) throw new AppError('OTP_INVALID', { path: '/otpId' });
  return openSession(ctx.db, user, kind, ctx.config.sessionTtlHours, 'password+sms');
}

function decodeB64(s: string, path: string): Uint8Array {
  if (typeof s !== 'string' || !s || s.length > 1_400_000 || !/^[A-Za-z0-9+/=_-]+$/.test(s.replace(/\s+/g, '')))
    throw new AppError('EDS_MALFORMED', { path });
  return Buffer.from(s.replace(/\s+/g, ''), s.includes('-') || s.includes('_') ? 'base64url' : 'base64');
}

function firstError(v: VerifyResult): AppError {
  const e = v.errors[0];
  return new AppError((e?.code ?? 'EDS_BAD_SIGNATURE') as ErrorCode, { details: { errors: v.errors.map((x) => x.code) } });
}

/**
 * Certificate login: the challenge (single use) signed with the AUTH key. The IIN comes
 * from the certificate; a person signing in for the first time gets a citizen account
 * (as on the real portal), named as in the certificate. The login's audit row names the
 * certificate and, when an admin of this deployment's CA issued it, that admin too
 * (onBehalfOf and data.issuedBy): who could have made the key is on record.
 */
export async function certificateLogin(ctx: AppContext, challengeId: string, signatureB64: string, kind: 'cookie' | 'bearer'): Promise<Session> {
  const cms = decodeB64(signatureB64, '/signature');
  const challenge = await consumeChallenge(ctx.db, challengeId);
  const v = await ctx.pki.verifier.verify(cms, { data: challenge, purpose: 'auth' });
  if (!v.valid || !v.signer) throw firstError(v);
  if (v.content && Buffer.compare(Buffer.from(v.content), challenge) !== 0) throw new AppError('EDS_BAD_SIGNATURE');
  const iin = v.signer.iin;
  if (!iin) throw new AppError('EDS_IIN_MISMATCH');
  const user: User | null = await findUserByIin(ctx.db, iin);
  const ca = ctx.pki.ca;
  const issuer = ca && v.signer.issuer === ca.issuing.subject ? await ca.issuer(v.signer.serial) : null;
  const auditMore = {
    onBehalfOf: issuer?.issuedBy ?? null,
    data: { certificate: v.signer.serial, ...(issuer?.issuedBy ? { issuedBy: issuer.issuedBy, issueReason: issuer.reason } : {}) },
  };
  if (user) return openSession(ctx.db, user, kind, ctx.config.sessionTtlHours, 'eds', auditMore);
  // A first login: the account (named as in the certificate) and its session, in one transaction (accounts.ts).
  const [surname = iin, givenName = iin, ...rest] = v.signer.name.split(/\s+/);
  return openSessionForNewAccount(ctx.db, { iin, surname, givenName, patronymic: rest.join(' ') || null }, kind, ctx.config.sessionTtlHours, auditMore);
}

export type ApplicationSignature = { method: 'eds'; cms: string } | { method: 'sms'; otpId: string; code: string };

export interface VerifiedSignature {
  method: 'eds' | 'sms';
  payloadSha256: string;
  cms: Buffer | null;
  signerSerial: string | null;
  signerIin: string;
  otpId: string | null;
}

export const payloadHash = (input: SigningInput) => createHash('sha256').update(signingPayload(input)).digest('hex');

/** Ask for an SMS code that confirms exactly this application (bound to the hash of its signing bytes). */
export async function requestSigningCode(ctx: AppContext, user: User, input: Omit<SigningInput, 'applicantIin'>, client: string | null = null) {
  return issueOtp(ctx.db, user.id, 'sign', payloadHash({ ...input, applicantIin: user.iin }), undefined, { limits: ctx.config.otp, client });
}

/**
 * Check the applicant's signature over the canonical bytes of the request: an EDS (CMS with
 * the SIGN key, trusted, valid, not revoked, IIN equal to the applicant's) or an SMS code
 * bound to the same bytes.
 */
export async function verifyApplicationSignature(
  ctx: AppContext,
  user: User,
  input: Omit<SigningInput, 'applicantIin'>,
  sig: ApplicationSignature | undefined,
  opts: { expectedBin?: string } = {},
): Promise<VerifiedSignature> {
  if (!sig) throw new AppError('SIGNATURE_REQUIRED', { path: '/signature' });
  // An SMS code proves the person, not an organisation.
  if (opts.expectedBin && sig.method === 'sms') throw new AppError('ORGANISATION_EDS_REQUIRED', { path: '/signature' });
  const bytes = signingPayload({ ...input, applicantIin: user.iin });
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (sig.method === 'sms') {
    // Checked here, spent by the statement that writes the application (batch.ts): a submission
    // that is not written leaves the code usable.
    await consumeOtp(ctx.db, sig.otpId, sig.code, user.id, 'sign', hash, { spend: false });
    return { method: 'sms', payloadSha256: hash, cms: null, signerSerial: null, signerIin: user.iin, otpId: sig.otpId };
  }
  const cms = decodeB64(sig.cms, '/signature/cms');
  const v = await ctx.pki.verifier.verify(cms, { data: bytes, purpose: 'sign', expectedIin: user.iin, ...(opts.expectedBin ? { expectedBin: opts.expectedBin } : {}) });
  if (!v.valid || !v.signer) throw firstError(v);
  return { method: 'eds', payloadSha256: hash, cms: Buffer.from(cms), signerSerial: v.signer.serial, signerIin: user.iin, otpId: null };
}

/**
 * Check a person's signature over given bytes (a co-signature, src/applications/cosign.ts), as
 * verifyApplicationSignature does for an application: an EDS (CMS with the SIGN key, trusted,
 * valid, not revoked, IIN equal to the person's) or an SMS 'sign' code bound to the SHA-256 of
 * the bytes, only checked here (`spend: false`): the caller spends it in the transaction of the
 * write it confirms.
 */
export async function verifyPersonSignature(ctx: AppContext, user: User, bytes: Uint8Array, sig: ApplicationSignature | undefined): Promise<VerifiedSignature> {
  if (!sig) throw new AppError('SIGNATURE_REQUIRED', { path: '/signature' });
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (sig.method === 'sms') {
    await consumeOtp(ctx.db, sig.otpId, sig.code, user.id, 'sign', hash, { spend: false });
    return { method: 'sms', payloadSha256: hash, cms: null, signerSerial: null, signerIin: user.iin, otpId: sig.otpId };
  }
  const cms = decodeB64(sig.cms, '/signature/cms');
  const v = await ctx.pki.verifier.verify(cms, { data: bytes, purpose: 'sign', expectedIin: user.iin });
  if (!v.valid || !v.signer) throw firstError(v);
  return { method: 'eds', payloadSha256: hash, cms: Buffer.from(cms), signerSerial: v.signer.serial, signerIin: user.iin, otpId: null };
}
