/**
 * Verification of CMS SignedData signatures (PKCS#7 / CAdES-BES as NCALayer and
 * `openssl cms -sign` make them), detached or attached.
 *
 * For every SignerInfo:
 *  1. structure (cms.ts): base64/DER/BER, ContentInfo of type signedData, a SignerInfo, and
 *     the unsigned fields as RFC 5652 prescribes them (versions, digestAlgorithms listing the
 *     signers' digests, absent/NULL parameters of the supported algorithms, one content-type/
 *     message-digest/signing-time attribute with one value) → EDS_MALFORMED;
 *     detached without data → EDS_DATA_REQUIRED; signer certificate present → EDS_NO_SIGNER_CERTIFICATE
 *  2. signature math: messageDigest and contentType signed attributes against the content,
 *     then the signature over the DER of the signed attributes as a SET OF (for DER input the
 *     received bytes re-tagged; for BER the @peculiar/asn1-schema re-encoding), or over the
 *     content when there are none → EDS_BAD_SIGNATURE; algorithms RSA PKCS#1 v1.5 and ECDSA with SHA-256/384/512,
 *     anything else (GOST, RSA-PSS, SHA-1) → EDS_UNSUPPORTED_ALGORITHM
 *  3. chain to a configured trusted root (trust.ts), each link verified again by OpenSSL
 *     (strict about the certificates' unsigned outer fields) → EDS_UNTRUSTED_ISSUER
 *  4. validity of every certificate of the path when the server receives the signature (now,
 *     or a trusted time the caller gives: `at`). Never the signingTime attribute: it is the
 *     signer's own claim (a back-dated one would revive an expired certificate); an earlier
 *     time would need an RFC 3161 time-stamp token, which is not implemented
 *     → EDS_EXPIRED / EDS_NOT_YET_VALID
 *  5. revocation of the signer (and of intermediates that publish revocation info), as of
 *     now, whatever the signing time (signingTime is the signer's claim, not a time-stamp)
 *     → EDS_REVOKED / EDS_REVOCATION_UNKNOWN
 *  6. key usage for the purpose: 'sign' (documents) needs the SIGN profile — keyUsage
 *     nonRepudiation (+ EKU emailProtection when an EKU is present); 'auth' (sign-in
 *     challenges) needs the AUTH profile — digitalSignature (+ EKU clientAuth);
 *     'any' needs digitalSignature or nonRepudiation → EDS_WRONG_KEY_USAGE
 *  7. identity: SERIALNUMBER=IIN… against expectedIin, OU=BIN… against expectedBin
 *     → EDS_IIN_MISMATCH / EDS_BIN_MISMATCH
 *
 * The result lists every failed check; it is valid only with no errors. `verify()`
 * never throws for any input bytes.
 *
 * Speed (see bench/verify.ts; every signature is new to the verifier — there is no cache of
 * signatures, none is needed): certificates are parsed once (cache by SHA-256 of their DER,
 * LRU) together with their public key, subject fields and built path; path signatures are
 * cached by the trust store and here (OpenSSL's verdict per link), revocation answers by the
 * revocation checker (TTL). Decoding a ~1.1 KB CMS takes ~60 µs (cms.ts: the certificates
 * inside are delimited, not decoded; a full asn1js decode took ~1 ms). The signature math uses
 * node's crypto (OpenSSL) directly: a synchronous one-shot call that takes the DER ECDSA
 * signature as CMS carries it.
 */
import { Name as AsnName } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { createHash, createPublicKey, type KeyObject, X509Certificate as NativeCertificate, verify as cryptoVerify } from 'node:crypto';
import type { I18n } from '../registry/types.ts';
import { CmsFormatError, HASHES, isWellFormed, type ParsedSigner, parseSignedData, reencodeSignedAttrs, SIG_ALGS } from './cms.ts';
import { normSerial, pkijs, toAB, toBuf, x509 } from './engine.ts';
import { type EdsCode, PKI_ERRORS } from './error-codes.ts';
import { EKU, type SubjectInfo, subjectInfo } from './profile.ts';
import { crlUrls, type RevocationAnswer, type RevocationChecker } from './revocation.ts';
import { ocspUrls } from './ocsp.ts';
import { fingerprint, type TrustStore } from './trust.ts';

export type Purpose = 'sign' | 'auth' | 'any';

export interface VerifyOptions {
  /** The signed bytes, for a detached signature (for an attached one: must equal the content if given). */
  data?: ArrayBuffer | ArrayBufferView;
  /** What the signature is for (default 'sign': a document). */
  purpose?: Purpose;
  expectedIin?: string;
  expectedBin?: string;
  /**
   * Validate certificates at this trusted time instead of now — e.g. when the server received a
   * stored signature. Never pass the CMS signingTime: the signer chooses it.
   */
  at?: Date;
}

export interface EdsIssue {
  code: EdsCode;
  message: I18n;
  detail?: string;
}

export interface SignerDescription {
  iin: string | null;
  bin: string | null;
  name: string;
  organization: string | null;
  /** Certificate serial, lower-case hex. */
  serial: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** SIGN (nonRepudiation) or AUTH (clientAuth / keyEncipherment) key. */
  profile: 'sign' | 'auth' | 'other';
  signingTime: Date | null;
}

export interface VerifyResult {
  valid: boolean;
  /** The first signer (NCALayer signatures have exactly one). */
  signer: SignerDescription | null;
  signers: SignerDescription[];
  /** Attached content, when the signature carries it. */
  content: Uint8Array | null;
  errors: EdsIssue[];
  revocation: RevocationAnswer | null;
}

export interface VerifierOptions {
  trust: TrustStore;
  /** null: revocation is not checked (tests, offline tools). */
  revocation: RevocationChecker | null;
  /** Accept when no revocation method could answer (default false: fail closed). */
  softFail?: boolean;
  maxCachedCertificates?: number;
}

interface CertEntry {
  cert: x509.X509Certificate;
  key: KeyObject | null;
  info: SubjectInfo;
  ku: number | null;
  eku: string[] | null;
  isCa: boolean;
  serial: string;
  issuer: string;
  /** Raw DER of the issuer name (what an IssuerAndSerialNumber sid carries). */
  issuerDer: Buffer;
  ski: Buffer | null;
  /** SHA-1 of the subjectPublicKey bits (the other form of a SubjectKeyIdentifier sid). */
  keyHash: Buffer | null;
  profile: SignerDescription['profile'];
  /** Built path (leaf … root) or null (untrusted), for trust-store generation `pathGen`. */
  path?: x509.X509Certificate[] | null;
  pathGen?: number;
  /** Intermediates of the path that publish revocation information. */
  checkedCas?: number[];
}

/** A decoded CMS with its certificates resolved through the certificate cache. */
interface ParsedCms {
  eContentType: string;
  content: Buffer | null;
  certs: CertEntry[];
  signers: ParsedSigner[];
}

function checkSignature(hash: string, signed: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return cryptoVerify(hash, signed, key, signature);
  } catch {
    return false;
  }
}

/**
 * An issuer name (DER) as @peculiar/x509 prints it, for the lookup by name in another string
 * encoding; '' unless the bytes are a canonical encoding of a Name (well-formed, and what
 * @peculiar/asn1-schema re-encodes them to): @peculiar/x509 alone reads some damaged names.
 */
function issuerName(der: Buffer): string {
  if (!isWellFormed(der)) return '';
  try {
    if (!der.equals(Buffer.from(AsnConvert.serialize(AsnConvert.parse(der, AsnName))))) return '';
    return new x509.Name(toAB(der)).toString();
  } catch {
    return '';
  }
}

const issue = (code: EdsCode, detail?: string): EdsIssue => ({ code, message: PKI_ERRORS[code][1], ...(detail ? { detail } : {}) });

function malformed(detail: string, code: EdsCode = 'EDS_MALFORMED'): VerifyResult {
  return { valid: false, signer: null, signers: [], content: null, errors: [issue(code, detail)], revocation: null };
}

export class CmsVerifier {
  private readonly certs = new Map<string, CertEntry>();
  /** OpenSSL's verdicts on path links, by `child>parent` fingerprints. */
  private readonly links = new Map<string, boolean>();

  constructor(private readonly opts: VerifierOptions) {}

  get trust(): TrustStore {
    return this.opts.trust;
  }

  /** A certificate by its DER bytes: parsed once, then served from the cache. */
  private entryFor(der: Uint8Array): CertEntry {
    const id = createHash('sha256').update(der).digest('base64');
    let e = this.certs.get(id);
    if (e) {
      // least recently used goes first: move to the end
      this.certs.delete(id);
      this.certs.set(id, e);
      return e;
    }
    const cert = new x509.X509Certificate(toAB(der));
    let key: KeyObject | null;
    try {
      key = createPublicKey({ key: toBuf(cert.publicKey.rawData), format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    const pk = pkijs.Certificate.fromBER(toAB(der));
    const keyHash = createHash('sha1').update(pk.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
    const ku = cert.getExtension(x509.KeyUsagesExtension)?.usages ?? null;
    const eku = (cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) as string[] | undefined) ?? null;
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    const profile: CertEntry['profile'] =
      ku !== null && ku & x509.KeyUsageFlags.nonRepudiation
        ? 'sign'
        : eku?.includes(EKU.clientAuth) || (ku !== null && ku & x509.KeyUsageFlags.keyEncipherment)
          ? 'auth'
          : 'other';
    e = {
      cert,
      key,
      info: subjectInfo(cert.subjectName),
      ku,
      eku,
      isCa: cert.getExtension(x509.BasicConstraintsExtension)?.ca === true,
      serial: normSerial(cert.serialNumber),
      issuer: cert.issuer,
      issuerDer: Buffer.from(pk.issuer.valueBeforeDecode),
      ski: ski ? Buffer.from(ski, 'hex') : null,
      keyHash,
      profile,
    };
    if (this.certs.size >= (this.opts.maxCachedCertificates ?? 10_000)) this.certs.delete(this.certs.keys().next().value as string);
    this.certs.set(id, e);
    return e;
  }

  /**
   * Decode (cms.ts: the shape through asn1js' header decoding, values through asn1js; the
   * certificates only delimited) and resolve the certificates through the certificate cache,
   * so each distinct certificate is decoded once. A reason string when not a SignedData.
   */
  private parse(cms: Buffer): ParsedCms | string {
    let sd: ReturnType<typeof parseSignedData>;
    try {
      sd = parseSignedData(cms);
    } catch (e) {
      return e instanceof CmsFormatError ? e.message : 'not a CMS SignedData';
    }
    let certs: CertEntry[];
    try {
      certs = sd.certificates.map((d) => this.entryFor(d));
    } catch {
      return 'bad certificate';
    }
    return { eContentType: sd.eContentType, content: sd.content, certs, signers: sd.signers };
  }

  /** Verify a DER (or BER) CMS SignedData. Never throws. */
  async verify(cms: ArrayBuffer | ArrayBufferView, opts: VerifyOptions = {}): Promise<VerifyResult> {
    try {
      return await this.verifyInner(toBuf(cms), opts);
    } catch (e) {
      return malformed(`unexpected: ${(e as Error)?.message ?? String(e)}`.slice(0, 200));
    }
  }

  private async verifyInner(cms: Buffer, opts: VerifyOptions): Promise<VerifyResult> {
    const p = this.parse(cms);
    if (typeof p === 'string') return malformed(p);

    const given = opts.data !== undefined ? toBuf(opts.data) : null;
    if (!p.content && !given) return malformed('detached signature without data', 'EDS_DATA_REQUIRED');
    const errors: EdsIssue[] = [];
    if (p.content && given && !p.content.equals(given)) errors.push(issue('EDS_BAD_SIGNATURE', 'data differ from the attached content'));
    const data = (p.content ?? given) as Buffer;

    const signers: SignerDescription[] = [];
    let firstRevocation: RevocationAnswer | null = null;
    const now = Date.now();
    const digests = new Map<string, Buffer>();

    for (const si of p.signers) {
      // 1. the signer's certificate
      const sid = si.sid;
      let e: CertEntry | undefined;
      if ('serial' in sid) {
        const serial = normSerial(sid.serial);
        e = p.certs.find((c) => c.serial === serial && c.issuerDer.equals(sid.issuerDer));
        // the same name in another string encoding
        if (!e && p.certs.some((c) => c.serial === serial)) {
          const issuer = issuerName(sid.issuerDer);
          e = p.certs.find((c) => c.serial === serial && c.issuer === issuer);
        }
      } else e = p.certs.find((c) => c.ski?.equals(sid.keyId) || c.keyHash?.equals(sid.keyId));
      if (!e) {
        errors.push(issue('EDS_NO_SIGNER_CERTIFICATE'));
        continue;
      }

      // A certificate of our own CA seen before (its path known): ask for its revocation status
      // now, so that the database read runs while the signature math is done. Used below only for
      // a real signature with a trusted path; a read asked for now still begins after this
      // signature arrived, so it sees every revocation committed before. (Outside CAs are asked
      // only for a real signature: no OCSP/CRL fetch for junk.)
      const rev = this.opts.revocation;
      const known = rev && e.path && e.path.length > 1 && e.pathGen === this.opts.trust.generation && rev.isOwnIssuer(e.path[1] as x509.X509Certificate) ? e.path : null;
      const early = known && rev ? rev.check(e.cert, known[1] as x509.X509Certificate) : null;

      // 2. signature math
      const sigAlg = SIG_ALGS[si.signatureOid];
      const digestName = HASHES[si.digestOid];
      const hashName = sigAlg?.hash ?? digestName;
      const signingTime = si.signingTime;
      let sigOk = false;
      if (!sigAlg || !digestName || !hashName || !e.key || (sigAlg.kind === 'ec') !== (e.key.asymmetricKeyType === 'ec')) {
        errors.push(issue('EDS_UNSUPPORTED_ALGORITHM', `${si.signatureOid} / ${si.digestOid}`));
      } else {
        let signed: Buffer = data;
        let ok = true;
        if (si.signedAttrs) {
          let digest = digests.get(digestName);
          if (!digest) {
            digest = createHash(digestName).update(data).digest();
            digests.set(digestName, digest);
          }
          if (!si.messageDigest?.equals(digest)) ok = false;
          if (si.contentType !== p.eContentType) ok = false;
          signed = si.signedAttrs;
        }
        if (ok) {
          ok = checkSignature(hashName, signed, e.key, si.signature);
          // signed attributes sent in BER: the signature is over their DER re-encoding (RFC 5652 §5.4)
          if (!ok && si.signedAttrs) {
            const der = reencodeSignedAttrs(si);
            if (der) ok = checkSignature(hashName, der, e.key, si.signature);
          }
        }
        if (!ok) errors.push(issue('EDS_BAD_SIGNATURE'));
        sigOk = ok && !errors.some((x) => x.code === 'EDS_BAD_SIGNATURE');
      }

      // 3. path to a trusted root; 4. validity on it
      const trust = this.opts.trust;
      if (e.pathGen !== trust.generation || e.path === undefined) {
        const extra = p.certs.filter((c) => c !== e).map((c) => c.cert);
        const found = await trust.buildPath(e.cert, extra);
        const built = found && this.strictLinks(found) ? found : null;
        // Cache only successes: a later signature may carry the missing intermediate.
        if (built || !extra.length) {
          e.path = built;
          e.pathGen = trust.generation;
          e.checkedCas = built ? built.map((_, i) => i).filter((i) => i > 0 && i < built.length - 1 && (ocspUrls(built[i] as x509.X509Certificate).length > 0 || crlUrls(built[i] as x509.X509Certificate).length > 0)) : [];
        }
        if (!built) errors.push(issue('EDS_UNTRUSTED_ISSUER', e.issuer));
        else this.checkPath(built, opts, now, errors);
      } else if (e.path === null) errors.push(issue('EDS_UNTRUSTED_ISSUER', e.issuer));
      else this.checkPath(e.path, opts, now, errors);

      // 5. revocation (only for a real signature with a trusted path)
      const path = e.pathGen === trust.generation ? e.path : null;
      if (sigOk && path && this.opts.revocation) {
        const r = await (early && path === known ? early : this.opts.revocation.check(e.cert, path[1] as x509.X509Certificate));
        firstRevocation ??= r;
        if (r.status === 'revoked') errors.push(issue('EDS_REVOKED', `${r.reason ?? 'unspecified'} at ${r.revokedAt?.toISOString() ?? '?'}`));
        else if (r.status === 'unknown' && !this.opts.softFail) errors.push(issue('EDS_REVOCATION_UNKNOWN'));
        for (const i of e.checkedCas ?? []) {
          const ca = path[i] as x509.X509Certificate;
          const rc = await this.opts.revocation.check(ca, path[i + 1] as x509.X509Certificate);
          if (rc.status === 'revoked') errors.push(issue('EDS_REVOKED', `issuer ${ca.subject}`));
          else if (rc.status === 'unknown' && !this.opts.softFail) errors.push(issue('EDS_REVOCATION_UNKNOWN', `issuer ${ca.subject}`));
        }
      }

      // 6. key usage for the purpose
      const purpose = opts.purpose ?? 'sign';
      const ku = e.ku;
      const has = (f: number) => ku !== null && (ku & f) !== 0;
      const ekuOk = (want: string) => e.eku === null || e.eku.includes(want) || e.eku.includes(EKU.any);
      const usageOk =
        !e.isCa &&
        (purpose === 'sign'
          ? has(x509.KeyUsageFlags.nonRepudiation) && ekuOk(EKU.emailProtection)
          : purpose === 'auth'
            ? has(x509.KeyUsageFlags.digitalSignature) && !has(x509.KeyUsageFlags.nonRepudiation) && ekuOk(EKU.clientAuth)
            : ku === null || has(x509.KeyUsageFlags.digitalSignature) || has(x509.KeyUsageFlags.nonRepudiation));
      if (!usageOk) errors.push(issue('EDS_WRONG_KEY_USAGE', `purpose ${purpose}, certificate profile ${e.profile}`));

      // 7. identity
      if (opts.expectedIin !== undefined && e.info.iin !== opts.expectedIin.trim()) errors.push(issue('EDS_IIN_MISMATCH'));
      if (opts.expectedBin !== undefined && e.info.bin !== opts.expectedBin.trim()) errors.push(issue('EDS_BIN_MISMATCH'));

      signers.push({
        iin: e.info.iin,
        bin: e.info.bin,
        name: e.info.name,
        organization: e.info.organization,
        serial: e.serial,
        issuer: e.issuer,
        notBefore: e.cert.notBefore,
        notAfter: e.cert.notAfter,
        profile: e.profile,
        signingTime,
      });
    }

    const seen = new Set<string>();
    const unique = errors.filter((x) => {
      const k = `${x.code}|${x.detail ?? ''}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return {
      valid: unique.length === 0 && signers.length === p.signers.length,
      signer: signers[0] ?? null,
      signers,
      content: p.content ? new Uint8Array(p.content) : null,
      errors: unique,
      revocation: firstRevocation,
    };
  }

  /**
   * Each link of a path the trust store built, verified again by OpenSSL (node's
   * X509Certificate): it also insists on what the outer, unsigned part of a certificate must
   * be — the same algorithm identifier as inside, no unused bits in the signature BIT STRING,
   * a DER ECDSA-Sig-Value — so that re-encoded variants of a certificate are not accepted.
   * Once per link (cached).
   */
  private strictLinks(path: x509.X509Certificate[]): boolean {
    for (let i = 0; i + 1 < path.length; i++) {
      const child = path[i] as x509.X509Certificate;
      const parent = path[i + 1] as x509.X509Certificate;
      const k = `${fingerprint(child)}>${fingerprint(parent)}`;
      let ok = this.links.get(k);
      if (ok === undefined) {
        try {
          ok = new NativeCertificate(toBuf(child.rawData)).verify(new NativeCertificate(toBuf(parent.rawData)).publicKey);
        } catch {
          ok = false;
        }
        if (this.links.size >= 10_000) this.links.clear();
        this.links.set(k, ok);
      }
      if (!ok) return false;
    }
    return true;
  }

  /** 4. validity of every certificate on the path at the validation time: now (receipt) or the caller's trusted `at`. */
  private checkPath(path: x509.X509Certificate[], opts: VerifyOptions, now: number, errors: EdsIssue[]) {
    const t = opts.at?.getTime() ?? now;
    path.forEach((c, i) => {
      const who = i === 0 ? undefined : `issuer ${c.subject}`;
      if (c.notAfter.getTime() < t) errors.push(issue('EDS_EXPIRED', who));
      else if (c.notBefore.getTime() > t) errors.push(issue('EDS_NOT_YET_VALID', who));
    });
  }
}
