/**
 * How many SMS codes may be issued (issue 8, item 16). Every code is a real SMS from the
 * official sender, so issuing is limited three ways, each over a sliding window:
 *
 * - per person (the account the code is for): a cool-down while a code for the same thing is
 *   still usable (same purpose, same bound action, not spent, expired or burnt by wrong guesses:
 *   "send again" after 30 s; only when the person asks for their own code), and at most N per
 *   hour and per day;
 * - per phone number (several accounts may share one phone): at most N per hour and per day;
 * - per client (the caller's address, after TRUST_PROXY): at most N per minute and per hour, so
 *   one client cannot spray codes at many people.
 *
 * The rule is pure: given the creation times already on record and "now", it says whether one
 * more code may go and, if not, which limit holds and how long until it would be allowed
 * (the 429's Retry-After). The counting query and its locking live in otp.ts.
 */

export interface OtpLimits {
  /** Seconds between two codes of the same purpose for the same person. */
  cooldownSeconds: number;
  perPersonHour: number;
  perPersonDay: number;
  perPhoneHour: number;
  perPhoneDay: number;
  perClientMinute: number;
  perClientHour: number;
}

export const DEFAULT_OTP_LIMITS: OtpLimits = {
  cooldownSeconds: 30,
  perPersonHour: 10,
  perPersonDay: 30,
  perPhoneHour: 10,
  perPhoneDay: 30,
  perClientMinute: 30,
  perClientHour: 300,
};

const int = (v: string | undefined, dflt: number, min: number) => {
  const n = Math.trunc(Number(v));
  return v === undefined || v === '' || !Number.isFinite(n) ? dflt : Math.max(min, n);
};

/** OTP_COOLDOWN_SECONDS, OTP_PER_PERSON_HOUR, …: see the README's configuration table. */
export function loadOtpLimits(env: NodeJS.ProcessEnv): OtpLimits {
  const d = DEFAULT_OTP_LIMITS;
  return {
    cooldownSeconds: int(env.OTP_COOLDOWN_SECONDS, d.cooldownSeconds, 0),
    perPersonHour: int(env.OTP_PER_PERSON_HOUR, d.perPersonHour, 1),
    perPersonDay: int(env.OTP_PER_PERSON_DAY, d.perPersonDay, 1),
    perPhoneHour: int(env.OTP_PER_PHONE_HOUR, d.perPhoneHour, 1),
    perPhoneDay: int(env.OTP_PER_PHONE_DAY, d.perPhoneDay, 1),
    perClientMinute: int(env.OTP_PER_CLIENT_MINUTE, d.perClientMinute, 1),
    perClientHour: int(env.OTP_PER_CLIENT_HOUR, d.perClientHour, 1),
  };
}

export type OtpLimitName = 'cooldown' | 'per-person-hour' | 'per-person-day' | 'per-phone-hour' | 'per-phone-day' | 'per-client-minute' | 'per-client-hour';

/** Creation times (ms since epoch) of codes already issued, newest first or in any order. */
export interface OtpHistory {
  /** The person's codes for the same thing: this purpose and the same bound action, e.g. the same draft to sign (for the cool-down). */
  personSamePurpose: number[];
  /** The person's codes of every purpose. */
  person: number[];
  phone: number[];
  /** Empty when the caller's address is unknown (a job, a test without HTTP). */
  client: number[];
}

export type OtpDecision = { allowed: true } | { allowed: false; limit: OtpLimitName; retryAfterMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * At most `max` codes in any `windowMs`: with `max` already inside the window, the next one may
 * go when the oldest of the newest `max` leaves it.
 */
function windowWait(times: number[], now: number, windowMs: number, max: number): number {
  const inside = times.filter((t) => t > now - windowMs).sort((a, b) => b - a);
  if (inside.length < max) return 0;
  return inside[max - 1]! + windowMs - now;
}

export function decideOtpIssue(h: OtpHistory, now: number, l: OtpLimits): OtpDecision {
  const checks: Array<[OtpLimitName, number]> = [
    ['cooldown', l.cooldownSeconds > 0 ? windowWait(h.personSamePurpose, now, l.cooldownSeconds * 1000, 1) : 0],
    ['per-person-hour', windowWait(h.person, now, HOUR, l.perPersonHour)],
    ['per-person-day', windowWait(h.person, now, DAY, l.perPersonDay)],
    ['per-phone-hour', windowWait(h.phone, now, HOUR, l.perPhoneHour)],
    ['per-phone-day', windowWait(h.phone, now, DAY, l.perPhoneDay)],
    ['per-client-minute', windowWait(h.client, now, MINUTE, l.perClientMinute)],
    ['per-client-hour', windowWait(h.client, now, HOUR, l.perClientHour)],
  ];
  // The limit that holds longest is the one to wait for.
  let worst: [OtpLimitName, number] | null = null;
  for (const c of checks) if (c[1] > 0 && (!worst || c[1] > worst[1])) worst = c;
  return worst ? { allowed: false, limit: worst[0], retryAfterMs: Math.ceil(worst[1]) } : { allowed: true };
}

/** How far back the counting query must look (the longest window). */
export const OTP_HISTORY_MS = DAY;
