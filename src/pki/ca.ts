/**
 * A certification authority for non-production use: a self-signed root CA and one
 * issuing (intermediate) CA, created once and persisted in `pki_ca` with the private
 * keys encrypted at rest (PKCS#8 PBES2 under PKI_CA_SECRET), issuing end-entity
 * certificates in the national (НУЦ РК) profile as PKCS#12 keystores, revoking
 * them and publishing a CRL. OCSP answers are built in ocsp.ts from `status()`.
 *
 * The root key signs only the issuing CA certificate; everything else is signed
 * by the issuing CA, as in the real national PKI.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../errors/errors.ts';
import { validateBin, validateIin } from '../ids/iin.ts';
import { asn1js, normSerial, x509 } from './engine.ts';
import { pkiError } from './errors.ts';
import { decryptKeyPem, encryptedKeyPem, generateKeyPair, type KeyAlgorithm, keyAlgorithmOf, signingParams } from './keys.ts';
import { buildPkcs12 } from './pkcs12.ts';
import {
  type KeyUsageProfile,
  type LegalRole,
  parsePersonName,
  type PersonName,
  POLICY,
  subjectInfo,
  subjectName,
  USAGE_PROFILE,
} from './profile.ts';

export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface CaOptions {
  /** Public base URL: OCSP at <base>/pki/ocsp, CRL at <base>/pki/crl, CA certificate at <base>/pki/ca/issuing.cer. */
  baseUrl: string;
  /** Organisation in the CA names (default "Qyzmet"). */
  name?: string;
  /** Key algorithm of the CA keys (default ecdsa P-256). */
  algorithm?: KeyAlgorithm;
  /** nextUpdate of published CRLs (default 24 h). */
  crlValidityHours?: number;
  /** PBKDF2/MAC iterations for issued PKCS#12 files (default 10 000). */
  keystoreIterations?: number;
  /** PBKDF2 iterations protecting the CA keys at rest (default 200 000). */
  atRestIterations?: number;
}

export interface IssueRequest {
  iin: string;
  /** "SURNAME NAME [PATRONYMIC]" or the parts. */
  name: string | PersonName;
  /** Employee of an organisation: adds OU=BIN…, O=<organization> and the legal-entity policy. */
  bin?: string;
  organization?: string;
  /** Role of an employee (policy 1.2.398.3.3.4.1.2.x); default employee. */
  role?: LegalRole;
  usage: KeyUsageProfile;
  algorithm: KeyAlgorithm;
  notBefore?: Date;
  notAfter?: Date;
  /** Protects the PKCS#12 keystore. */
  password: string;
}

/** Who asked for a certificate and why, stored with it (pki_certificates.issued_by / issue_reason). */
export interface IssueRecord {
  /** The admin's user id; null: the system (demo keystores at seeding). */
  issuedBy?: string | null;
  reason?: string | null;
  /** Runs in the transaction that records the certificate (the audit row). */
  within?: (q: Queryable, issued: IssuedCertificate) => Promise<void>;
}

/** A revocation as recorded. */
export interface Revocation {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
  /** The certificate's subject IIN. */
  subjectIin: string;
}

/** An issue request checked and normalised (what `issue` would certify). */
export interface CheckedIssueRequest {
  iin: string;
  bin: string | undefined;
  name: PersonName;
  organization: string | undefined;
  role: LegalRole | undefined;
  usage: KeyUsageProfile;
  algorithm: KeyAlgorithm;
  notBefore: Date | undefined;
  notAfter: Date | undefined;
}

export interface IssuedCertificate {
  /** Lower-case hex. */
  serial: string;
  certificatePem: string;
  /** PKCS#12 (PFX), base64. */
  pkcs12: string;
}

export interface CertStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: RevocationReason;
}

interface CaPair {
  cert: x509.X509Certificate;
  key: CryptoKey;
  keyId: string;
}

const DAY = 86_400_000;
const LOCK_KEY = 7_442_002;
const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** 16 random bytes, positive and without a leading zero byte (RFC 5280 §4.1.2.2: ≤ 20 octets). */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = ((b[0] as number) & 0x7f) | 0x10;
  return b.toString('hex');
}

/** PEM of a certificate, ending with a newline (so that PEMs can be concatenated into bundles). */
export const certPem = (c: x509.X509Certificate): string => `${c.toString('pem').trimEnd()}\n`;

async function makeCa(name: string, algorithm: KeyAlgorithm, now: Date): Promise<{ root: CaPair; issuing: CaPair }> {
  const nb = wholeSecond(new Date(now.getTime() - 3_600_000));
  const rootKeys = await generateKeyPair(algorithm);
  const rootName = new x509.Name([
    { '2.5.4.3': [{ utf8String: `${name} Test Root CA` }] },
    { '2.5.4.10': [{ utf8String: name }] },
    { '2.5.4.6': [{ printableString: 'KZ' }] },
  ]);
  const rootSki = await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: rootName,
    keys: rootKeys,
    notBefore: nb,
    notAfter: new Date(nb.getTime() + 20 * 365 * DAY),
    signingAlgorithm: signingParams(algorithm),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      rootSki,
    ],
  });
  const issKeys = await generateKeyPair(algorithm);
  const issSki = await x509.SubjectKeyIdentifierExtension.create(issKeys.publicKey);
  const issuing = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: new x509.Name([
      { '2.5.4.3': [{ utf8String: `${name} Test Issuing CA (${algorithm === 'rsa' ? 'RSA' : 'ECDSA'})` }] },
      { '2.5.4.10': [{ utf8String: name }] },
      { '2.5.4.6': [{ printableString: 'KZ' }] },
    ]),
    issuer: root.subjectName,
    publicKey: issKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore: nb,
    notAfter: new Date(nb.getTime() + 10 * 365 * DAY),
    signingAlgorithm: signingParams(algorithm),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      issSki,
      new x509.AuthorityKeyIdentifierExtension(rootSki.keyId),
    ],
  });
  return {
    root: { cert: root, key: rootKeys.privateKey, keyId: rootSki.keyId },
    issuing: { cert: issuing, key: issKeys.privateKey, keyId: issSki.keyId },
  };
}

export class CertificationAuthority {
  private crlCache: { der: Uint8Array; until: number; state: string } | null = null;
  private crlInFlight: Promise<Uint8Array> | null = null;
  private readonly revokeListeners: Array<(serial: string) => void> = [];
  private readonly statusQueue: Array<{ serial: string; resolve: (s: CertStatus) => void; reject: (e: unknown) => void }> = [];
  private statusReading = false;
  readonly baseUrl: string;

  private constructor(
    private readonly rootPair: CaPair,
    private readonly issuingPair: CaPair,
    private readonly db: Db | null,
    private readonly opts: CaOptions,
  ) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  /** A CA that lives only in memory (tests, throw-away demos). `db` stores issued certificates when given. */
  static async createEphemeral(opts: CaOptions, db: Db | null = null): Promise<CertificationAuthority> {
    const { root, issuing } = await makeCa(opts.name ?? 'Qyzmet', opts.algorithm ?? 'ecdsa', new Date());
    return new CertificationAuthority(root, issuing, db, opts);
  }

  /**
   * Load the persisted CA, or create and persist it on first start. Several processes
   * starting together are serialised by an advisory lock. A secret that does not
   * decrypt the stored keys is a configuration error (thrown).
   */
  static async loadOrCreate(db: Db, secret: string, opts: CaOptions): Promise<CertificationAuthority> {
    const iterations = opts.atRestIterations ?? 200_000;
    return db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const rows = (await q.query<{ name: string; key_id: string; certificate_pem: string; private_key_pem: string }>(
        'SELECT name, key_id, certificate_pem, private_key_pem FROM pki_ca',
      )).rows;
      const byName = new Map(rows.map((r) => [r.name, r]));
      const r = byName.get('root');
      const i = byName.get('issuing');
      if (r && i) {
        const load = async (row: typeof r): Promise<CaPair> => {
          let key: CryptoKey;
          try {
            key = await decryptKeyPem(row.private_key_pem, secret);
          } catch {
            throw new Error('PKI_CA_SECRET does not decrypt the stored CA keys (pki_ca)');
          }
          return { cert: new x509.X509Certificate(row.certificate_pem), key, keyId: row.key_id };
        };
        return new CertificationAuthority(await load(r), await load(i), db, opts);
      }
      const { root, issuing } = await makeCa(opts.name ?? 'Qyzmet', opts.algorithm ?? 'ecdsa', new Date());
      for (const [name, p] of [['root', root], ['issuing', issuing]] as const) {
        await q.query('INSERT INTO pki_ca (name, key_id, certificate_pem, private_key_pem) VALUES ($1, $2, $3, $4)', [
          name,
          p.keyId,
          certPem(p.cert),
          await encryptedKeyPem(p.key, secret, { iterations }),
        ]);
      }
      return new CertificationAuthority(root, issuing, db, opts);
    });
  }

  get root(): x509.X509Certificate {
    return this.rootPair.cert;
  }
  get issuing(): x509.X509Certificate {
    return this.issuingPair.cert;
  }
  get rootPem(): string {
    return certPem(this.rootPair.cert);
  }
  get issuingPem(): string {
    return certPem(this.issuingPair.cert);
  }
  /** subjectKeyIdentifier (hex) of the issuing CA. */
  get issuingKeyId(): string {
    return this.issuingPair.keyId;
  }
  /** The issuing CA's private key (the OCSP responder signs with it). */
  get issuingKey(): CryptoKey {
    return this.issuingPair.key;
  }
  get urls() {
    return { ocsp: `${this.baseUrl}/pki/ocsp`, crl: `${this.baseUrl}/pki/crl`, caIssuers: `${this.baseUrl}/pki/ca/issuing.cer` };
  }

  onRevoke(fn: (serial: string) => void): void {
    this.revokeListeners.push(fn);
  }

  private get store(): Db {
    if (!this.db) throw new Error('this CA has no database');
    return this.db;
  }

  /**
   * Check an issue request without issuing anything (what `issue` checks first), so that a
   * caller can ask for the person's confirmation only for a request that would succeed.
   */
  checkRequest(req: Omit<IssueRequest, 'password'>): CheckedIssueRequest {
    const iin = String(req.iin ?? '').trim();
    if (!validateIin(iin).ok) throw new AppError('INVALID_IIN', { path: '/iin' });
    const bin = req.bin?.trim() || undefined;
    if (bin !== undefined && !validateBin(bin).ok) throw pkiError('PKI_INVALID_BIN', { path: '/bin' });
    const name = parsePersonName(req.name);
    if (!name) throw new AppError('VALIDATION_FAILED', { path: '/name' });
    if (req.usage !== 'auth' && req.usage !== 'sign') throw new AppError('VALIDATION_FAILED', { path: '/usage' });
    if (req.algorithm !== 'rsa' && req.algorithm !== 'ecdsa') throw new AppError('VALIDATION_FAILED', { path: '/algorithm' });
    const notBefore = req.notBefore ? wholeSecond(req.notBefore) : undefined;
    const notAfter = req.notAfter ? wholeSecond(req.notAfter) : undefined;
    const nb = notBefore ?? wholeSecond(new Date());
    const na = notAfter ?? new Date(nb.getTime() + 365 * DAY);
    if (Number.isNaN(nb.getTime()) || Number.isNaN(na.getTime()) || na <= nb || na > this.issuing.notAfter)
      throw pkiError('PKI_INVALID_VALIDITY', { path: '/notAfter' });
    return { iin, bin, name, organization: bin ? req.organization?.trim() || undefined : undefined, role: req.role, usage: req.usage, algorithm: req.algorithm, notBefore, notAfter };
  }

  /**
   * Issue a key pair + certificate in the national profile and wrap them in a PKCS#12 keystore.
   * The certificate is recorded (with `record.issuedBy` / `reason`) in one transaction with
   * whatever `record.within` writes — the audit row.
   */
  async issue(req: IssueRequest, record: IssueRecord = {}): Promise<IssuedCertificate> {
    const { iin, bin, name, ...c } = this.checkRequest(req);
    if (typeof req.password !== 'string' || req.password.length === 0) throw new AppError('VALIDATION_FAILED', { path: '/password' });
    const notBefore = c.notBefore ?? wholeSecond(new Date());
    const notAfter = c.notAfter ?? wholeSecond(new Date(notBefore.getTime() + 365 * DAY));
    if (notAfter <= notBefore || notAfter > this.issuing.notAfter) throw pkiError('PKI_INVALID_VALIDITY', { path: '/notAfter' });

    const keys = await generateKeyPair(req.algorithm);
    const serial = randomSerial();
    const subject = subjectName({ iin, name, ...(bin ? { bin, organization: c.organization } : {}) });
    const profile = USAGE_PROFILE[c.usage];
    const policies = bin ? [POLICY.legalEntity, POLICY[c.role ?? 'employee']] : [POLICY.individual];
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject,
      issuer: this.issuing.subjectName,
      publicKey: keys.publicKey,
      signingKey: this.issuingPair.key,
      notBefore,
      notAfter,
      signingAlgorithm: signingParams(keyAlgorithmOf(this.issuingPair.key)),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(profile.keyUsage, true),
        new x509.ExtendedKeyUsageExtension(profile.eku, false),
        new x509.CertificatePolicyExtension(policies, false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        new x509.AuthorityKeyIdentifierExtension(this.issuingPair.keyId),
        new x509.AuthorityInfoAccessExtension({ ocsp: this.urls.ocsp, caIssuers: this.urls.caIssuers }),
        new x509.CRLDistributionPointsExtension([this.urls.crl]),
      ],
    });
    const p12 = await buildPkcs12({
      key: keys.privateKey,
      certificate: cert,
      chain: [this.issuing, this.root],
      password: req.password,
      friendlyName: `${name.surname} ${name.givenName} ${req.usage.toUpperCase()}`,
      iterations: this.opts.keystoreIterations,
    });
    const certificatePem = certPem(cert);
    const out = { serial: normSerial(serial), certificatePem, pkcs12: Buffer.from(p12).toString('base64') };
    if (this.db) {
      await this.db.tx(async (q) => {
        await q.query(
          `INSERT INTO pki_certificates (serial, ca_key_id, subject_iin, subject_bin, subject_dn, usage, algorithm, not_before, not_after, pem, issued_by, issue_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [out.serial, this.issuingPair.keyId, iin, bin ?? null, describe(cert), c.usage, c.algorithm, notBefore, notAfter, certificatePem, record.issuedBy ?? null, record.reason ?? null],
        );
        await record.within?.(q, out);
      });
    } else if (record.within) throw new Error('this CA has no database');
    return out;
  }

  /** Who issued one of our certificates (null: the system, or not ours). */
  async issuer(serial: string): Promise<{ issuedBy: string | null; reason: string | null; issuedAt: Date } | null> {
    if (!this.db) return null;
    const r = await this.db.query<{ issued_by: string | null; issue_reason: string | null; issued_at: Date }>(
      'SELECT issued_by, issue_reason, issued_at FROM pki_certificates WHERE serial = $1 AND ca_key_id = $2',
      [normSerial(serial), this.issuingPair.keyId],
    );
    const row = r.rows[0];
    return row ? { issuedBy: row.issued_by, reason: row.issue_reason, issuedAt: row.issued_at } : null;
  }

  /**
   * Revoke a certificate of this CA. Unknown serial → 404 PKI_CERT_NOT_FOUND; twice → 409
   * PKI_ALREADY_REVOKED. `within` runs in the same transaction (the audit row). Every server
   * process refuses the certificate from the commit on: our own CA's status is read from the
   * database on every verification (revocation.ts).
   */
  async revoke(serial: string, reason: RevocationReason = 'unspecified', within?: (q: Queryable, r: Revocation) => Promise<void>): Promise<Revocation> {
    if (!REVOCATION_REASONS.includes(reason)) throw new AppError('VALIDATION_FAILED', { path: '/reason' });
    if (typeof serial !== 'string' || !/^[0-9a-fA-F:]{1,80}$/.test(serial)) throw pkiError('PKI_CERT_NOT_FOUND');
    const s = normSerial(serial);
    const out = await this.store.tx(async (q) => {
      const r = await q.query<{ revoked_at: Date; subject_iin: string | null }>(
        `UPDATE pki_certificates SET revoked_at = now(), revocation_reason = $3
          WHERE serial = $1 AND ca_key_id = $2 AND revoked_at IS NULL RETURNING revoked_at, subject_iin`,
        [s, this.issuingPair.keyId, reason],
      );
      const row = r.rows[0];
      if (!row) {
        const exists = await q.query('SELECT 1 FROM pki_certificates WHERE serial = $1 AND ca_key_id = $2', [s, this.issuingPair.keyId]);
        throw pkiError(exists.rows.length ? 'PKI_ALREADY_REVOKED' : 'PKI_CERT_NOT_FOUND');
      }
      const rev: Revocation = { serial: s, revokedAt: row.revoked_at, reason, subjectIin: row.subject_iin?.trim() ?? '' };
      await within?.(q, rev);
      return rev;
    });
    // after the commit, so that nothing rebuilds the CRL from the state before it
    this.crlCache = null;
    for (const fn of this.revokeListeners) fn(s);
    return out;
  }

  /**
   * Revocation status of one of our serials, straight from the database, on every verification
   * of our certificates and every OCSP answer: a primary-key read (named prepared statements on
   * PostgreSQL). Reads asked for while one is running are done together by the next one
   * (`serial = ANY(…)`), never answered by a read that began before they were asked — so a
   * revocation committed before the question is always seen, and concurrent verifications
   * share one round trip.
   */
  status(serial: string): Promise<CertStatus> {
    return new Promise((resolve, reject) => {
      this.statusQueue.push({ serial: normSerial(serial), resolve, reject });
      if (!this.statusReading) void this.readStatuses();
    });
  }

  private async readStatuses(): Promise<void> {
    this.statusReading = true;
    try {
      while (this.statusQueue.length) {
        const batch = this.statusQueue.splice(0, 1000);
        try {
          type Row = { serial: string; ca_key_id: string; revoked_at: Date | null; revocation_reason: RevocationReason | null };
          const cols = 'SELECT serial, ca_key_id, revoked_at, revocation_reason FROM pki_certificates';
          const rows =
            batch.length === 1
              ? (await this.store.query<Row>(`${cols} WHERE serial = $1`, [(batch[0] as (typeof batch)[0]).serial], 'pki_certificate_status')).rows
              : (await this.store.query<Row>(`${cols} WHERE serial = ANY($1::text[])`, [[...new Set(batch.map((b) => b.serial))]], 'pki_certificate_statuses')).rows;
          const bySerial = new Map(rows.map((r) => [r.serial, r]));
          for (const b of batch) {
            const row = bySerial.get(b.serial);
            b.resolve(
              !row || row.ca_key_id !== this.issuingPair.keyId
                ? { status: 'unknown' }
                : row.revoked_at
                  ? { status: 'revoked', revokedAt: row.revoked_at, reason: row.revocation_reason ?? 'unspecified' }
                  : { status: 'good' },
            );
          }
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      }
    } finally {
      this.statusReading = false;
    }
  }

  /**
   * The current CRL (DER, X.509 v2) of the issuing CA: every revoked serial with its
   * date and reason, CRL number from a database sequence, nextUpdate = now + validity.
   * Rebuilt at most once a minute per process, and at once after a revocation here.
   */
  async crl(): Promise<Uint8Array> {
    // A revocation by another process makes the cached CRL stale too: compare the register's state (partial index).
    const state = await this.revokedState();
    if (this.crlCache && this.crlCache.until > Date.now() && this.crlCache.state === state) return this.crlCache.der;
    if (this.crlInFlight) return this.crlInFlight;
    this.crlInFlight = (async () => {
      try {
        const rows = (await this.store.query<{ serial: string; revoked_at: Date; revocation_reason: RevocationReason }>(
          `SELECT serial, revoked_at, revocation_reason FROM pki_certificates
            WHERE ca_key_id = $1 AND revoked_at IS NOT NULL ORDER BY revoked_at, serial`,
          [this.issuingPair.keyId],
        )).rows;
        const n = Number((await this.store.query<{ n: number }>("SELECT nextval('pki_crl_number_seq') AS n")).rows[0]?.n ?? 1);
        const now = wholeSecond(new Date());
        const nextUpdate = new Date(now.getTime() + (this.opts.crlValidityHours ?? 24) * 3_600_000);
        const crl = await x509.X509CrlGenerator.create({
          issuer: this.issuing.subjectName,
          thisUpdate: now,
          nextUpdate,
          signingAlgorithm: signingParams(keyAlgorithmOf(this.issuingPair.key)),
          signingKey: this.issuingPair.key,
          entries: rows.map((r) => ({
            serialNumber: r.serial,
            revocationDate: wholeSecond(r.revoked_at),
            reason: x509.X509CrlReason[r.revocation_reason],
          })),
          extensions: [
            new x509.AuthorityKeyIdentifierExtension(this.issuingPair.keyId),
            new x509.Extension('2.5.29.20', false, new asn1js.Integer({ value: n }).toBER(false)),
          ],
        });
        const der = new Uint8Array(crl.rawData);
        this.crlCache = { der, until: Math.min(Date.now() + 60_000, nextUpdate.getTime()), state: `${rows.length}|${rows.at(-1)?.revoked_at.toISOString() ?? ''}` };
        return der;
      } finally {
        this.crlInFlight = null;
      }
    })();
    return this.crlInFlight;
  }

  /** Number of revoked certificates and the latest revocation time: changes with every revocation. */
  private async revokedState(): Promise<string> {
    const r = await this.store.query<{ n: number; last: Date | null }>(
      'SELECT count(*)::int AS n, max(revoked_at) AS last FROM pki_certificates WHERE ca_key_id = $1 AND revoked_at IS NOT NULL',
      [this.issuingPair.keyId],
    );
    const row = r.rows[0];
    return `${row?.n ?? 0}|${row?.last?.toISOString() ?? ''}`;
  }

  /** Is this (subjectKeyIdentifier hex) our issuing CA? */
  isOwnIssuer(keyId: string): boolean {
    return keyId.toLowerCase() === this.issuingPair.keyId.toLowerCase();
  }
}

/** One-line subject for the database: "CN=…, SERIALNUMBER=IIN…". */
export function describe(cert: x509.X509Certificate): string {
  const i = subjectInfo(cert.subjectName);
  return [
    i.commonName && `CN=${i.commonName}`,
    i.iin && `SERIALNUMBER=IIN${i.iin}`,
    i.organization && `O=${i.organization}`,
    i.bin && `OU=BIN${i.bin}`,
    i.patronymic && `G=${i.patronymic}`,
  ]
    .filter(Boolean)
    .join(', ');
}

