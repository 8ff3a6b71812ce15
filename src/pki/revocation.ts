/**
 * Revocation checking with a cache, as a deployment trusting a real CA needs it:
 *
 *   db    certificates of this deployment's own issuing CA: straight from pki_certificates,
 *         on every check — never cached, never shared with a look-up already under way —
 *         so a revocation committed by any server process is refused by every process
 *         from that moment (one primary-key read). Always used for our own CA, whatever
 *         the configured order; listing it in PKI_REVOCATION is optional.
 *   ocsp  the OCSP URL(s) in the certificate's AIA extension (ocsp.ts client)
 *   crl   the CRL distribution point URL(s): fetched, signature checked against the
 *         issuer, thisUpdate/nextUpdate checked, parsed once and cached until
 *         nextUpdate (or the TTL, whichever comes first)
 *
 * For outside CAs, methods are tried in the configured order until one gives a definite
 * answer (good/revoked). Only those answers are cached, per (issuer key, serial) for the
 * TTL; a failed look-up is remembered for a few seconds so an unreachable responder is not
 * hammered. No answer at all → 'unknown' (the verifier reports EDS_REVOCATION_UNKNOWN
 * unless soft-fail is configured). Delta CRLs are not used.
 */
import { normSerial, parseAsn1, pemBlocks, sha1, toAB, x509 } from './engine.ts';
import { ocspUrls, queryOcsp } from './ocsp.ts';

export type RevocationMethod = 'db' | 'ocsp' | 'crl';

export interface RevocationAnswer {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: string;
  /** Which method answered ('none' when none could). */
  method: RevocationMethod | 'none';
}

/** The database source: our own CA's certificates. */
export interface OwnCaLookup {
  isOwnIssuer(issuerKeyId: string): boolean;
  status(serial: string): Promise<{ status: 'good' | 'revoked' | 'unknown'; revokedAt?: Date; reason?: string }>;
}

export interface RevocationOptions {
  methods?: RevocationMethod[];
  /** How long an answer is reused (default 300 s). */
  cacheTtlMs?: number;
  /** How long "could not find out" is remembered (default 10 s). */
  negativeTtlMs?: number;
  ownCa?: OwnCaLookup | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Largest CRL accepted, bytes (default 64 MB; the national CA's full CRLs are large). */
  maxCrlBytes?: number;
  maxEntries?: number;
}

interface CachedCrl {
  revoked: Map<string, { date: Date; reason?: string }>;
  until: number;
}

/** The http(s) CRL distribution point URLs of a certificate. */
export function crlUrls(cert: x509.X509Certificate): string[] {
  const ext = cert.getExtension(x509.CRLDistributionPointsExtension);
  const out: string[] = [];
  for (const dp of ext?.distributionPoints ?? []) {
    for (const g of dp.distributionPoint?.fullName ?? []) {
      const u = g.uniformResourceIdentifier;
      if (u && /^https?:\/\//i.test(u)) out.push(u);
    }
  }
  return out;
}

/** Key identifier of a CA certificate: its SKI, else SHA-1 of its public key. */
const keyIds = new WeakMap<x509.X509Certificate, string>();
export function keyIdOf(cert: x509.X509Certificate): string {
  let id = keyIds.get(cert);
  if (!id) {
    id = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId?.toLowerCase() ?? sha1(cert.publicKey.rawData).toString('hex');
    keyIds.set(cert, id);
  }
  return id;
}

const cacheKeys = new WeakMap<x509.X509Certificate, string>();

const REASONS: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

export class RevocationChecker {
  private readonly cache = new Map<string, { a: RevocationAnswer; until: number }>();
  private readonly inflight = new Map<string, Promise<RevocationAnswer>>();
  private readonly crls = new Map<string, CachedCrl>();
  private readonly crlInflight = new Map<string, Promise<CachedCrl | null>>();
  readonly methods: RevocationMethod[];

  constructor(private readonly opts: RevocationOptions = {}) {
    this.methods = opts.methods ?? ['db', 'ocsp', 'crl'];
  }

  /** Forget cached answers about outside CAs (all, or those for one serial). */
  invalidate(serial?: string): void {
    if (!serial) {
      this.cache.clear();
      this.crls.clear();
      return;
    }
    const s = normSerial(serial);
    for (const k of this.cache.keys()) if (k.endsWith(`:${s}`)) this.cache.delete(k);
    this.crls.clear();
  }

  /** Is `issuer` this deployment's own CA (answered from its database, never cached)? */
  isOwnIssuer(issuer: x509.X509Certificate): boolean {
    return this.opts.ownCa?.isOwnIssuer(keyIdOf(issuer)) ?? false;
  }

  /** Revocation status of `cert`, issued by `issuer`. Never throws. */
  async check(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<RevocationAnswer> {
    const issuerId = keyIdOf(issuer);
    let key = cacheKeys.get(cert);
    if (!key?.startsWith(`${issuerId}:`)) {
      key = `${issuerId}:${normSerial(cert.serialNumber)}`;
      cacheKeys.set(cert, key);
    }
    const serial = key.slice(key.indexOf(':') + 1);
    // Our own CA: the database is the register, read on every check (see the header).
    const own = this.opts.ownCa;
    if (own?.isOwnIssuer(issuerId)) return this.ownStatus(own, serial);
    const hit = this.cache.get(key);
    const now = Date.now();
    if (hit && hit.until > now) return hit.a;
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.lookup(cert, issuer, serial)
      .catch((): RevocationAnswer => ({ status: 'unknown', method: 'none' }))
      .then((a) => {
        const ttl = a.status === 'unknown' ? (this.opts.negativeTtlMs ?? 10_000) : (this.opts.cacheTtlMs ?? 300_000);
        if (this.cache.size >= (this.opts.maxEntries ?? 100_000)) this.cache.delete(this.cache.keys().next().value as string);
        this.cache.set(key, { a, until: Date.now() + ttl });
        return a;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async ownStatus(own: OwnCaLookup, serial: string): Promise<RevocationAnswer> {
    try {
      // Our own issuer key but not in our register (never issued by us): 'unknown'.
      return { ...(await own.status(serial)), method: 'db' };
    } catch {
      return { status: 'unknown', method: 'none' };
    }
  }

  /** Outside CAs only (our own is answered by ownStatus before any cache). */
  private async lookup(cert: x509.X509Certificate, issuer: x509.X509Certificate, serial: string): Promise<RevocationAnswer> {
    for (const m of this.methods) {
      if (m === 'ocsp') {
        for (const url of ocspUrls(cert)) {
          const a = await queryOcsp(url, cert, issuer, { fetch: this.opts.fetch, timeoutMs: this.opts.timeoutMs });
          if (a && a.status !== 'unknown') return { status: a.status, revokedAt: a.revokedAt, reason: a.reason, method: 'ocsp' };
        }
      }
      if (m === 'crl') {
        for (const url of crlUrls(cert)) {
          const crl = await this.crl(url, issuer);
          if (!crl) continue;
          const e = crl.revoked.get(serial);
          return e ? { status: 'revoked', revokedAt: e.date, reason: e.reason ?? 'unspecified', method: 'crl' } : { status: 'good', method: 'crl' };
        }
      }
    }
    return { status: 'unknown', method: 'none' };
  }

  private async crl(url: string, issuer: x509.X509Certificate): Promise<CachedCrl | null> {
    const key = `${keyIdOf(issuer)} ${url}`;
    const c = this.crls.get(key);
    if (c && c.until > Date.now()) return c;
    const running = this.crlInflight.get(key);
    if (running) return running;
    const p = this.fetchCrl(url, issuer)
      .catch(() => null)
      .then((r) => {
        if (r) this.crls.set(key, r);
        return r;
      })
      .finally(() => this.crlInflight.delete(key));
    this.crlInflight.set(key, p);
    return p;
  }

  private async fetchCrl(url: string, issuer: x509.X509Certificate): Promise<CachedCrl | null> {
    const f = this.opts.fetch ?? fetch;
    const res = await f(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
    if (!res.ok) return null;
    const max = this.opts.maxCrlBytes ?? 64 * 1024 * 1024;
    if (Number(res.headers.get('content-length') ?? 0) > max) return null;
    let bytes: Buffer = Buffer.from(await res.arrayBuffer());
    if (bytes.length > max) return null;
    if (bytes[0] === 0x2d /* '-' */) {
      const b = pemBlocks(bytes.toString('latin1')).find((x) => x.label === 'X509 CRL' || x.label === 'CRL');
      if (!b) return null;
      bytes = b.der;
    }
    if (!parseAsn1(bytes)) return null;
    const crl = new x509.X509Crl(toAB(bytes));
    if (crl.issuer !== issuer.subject) return null;
    const ku = issuer.getExtension(x509.KeyUsagesExtension);
    if (ku && !(ku.usages & x509.KeyUsageFlags.cRLSign)) return null;
    if (!(await crl.verify({ publicKey: issuer.publicKey }))) return null;
    const now = Date.now();
    const skew = 300_000;
    if (crl.thisUpdate.getTime() > now + skew) return null;
    const next = crl.nextUpdate?.getTime();
    if (next !== undefined && next < now - skew) return null; // stale: the CA did not publish in time
    const revoked = new Map<string, { date: Date; reason?: string }>();
    for (const e of crl.entries) {
      const reason = e.reason;
      revoked.set(normSerial(e.serialNumber), { date: e.revocationDate, ...(reason !== undefined ? { reason: REASONS[reason] ?? 'unspecified' } : {}) });
    }
    const ttl = this.opts.cacheTtlMs ?? 300_000;
    return { revoked, until: Math.min(now + ttl, next ?? now + ttl) };
  }
}
