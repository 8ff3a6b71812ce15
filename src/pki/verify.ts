/**
 * Verification of CMS SignedData signatures (PKCS#7 / CAdES-BES as NCALayer and
 * `openssl cms -sign` make them), detached or attached.
 *
 * For every SignerInfo:
 *  1. structure: base64/DER, ContentInfo of type signedData, a SignerInfo → EDS_MALFORMED;
 *     detached without data → EDS_DATA_REQUIRED; signer certificate present → EDS_NO_SIGNER_CERTIFICATE
 *  2. signature math: messageDigest and contentType signed attributes against the content,
 *     then the signature over the signed attributes (or the content when there are none)
 *     → EDS_BAD_SIGNATURE; algorithms RSA PKCS#1 v1.5 and ECDSA with SHA-256/384/512,
 *     anything else (GOST, RSA-PSS, SHA-1) → EDS_UNSUPPORTED_ALGORITHM
 *  3. chain to a configured trusted root (trust.ts) → EDS_UNTRUSTED_ISSUER
 *  4. validity of every certificate of the path at the validation time — the signingTime
 *     signed attribute when present (not later than now + 5 min), else now
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
 * Speed (see bench/verify.ts): certificates are parsed once (cache by SHA-256 of their DER,
 * LRU) together with their public key, subject fields and built path; path signatures are
 * cached by the trust store, revocation answers by the revocation checker (TTL). A parsed
 * signature is kept by the SHA-256 of its bytes (LRU, bounded by count and bytes), so
 * verifying the same signature again — the portal, then the provider's workstation, then
 * every opening of the signed document — skips parsing; every check above still runs each
 * time. The signature math uses node's crypto (OpenSSL) directly: a synchronous one-shot
 * call that takes the DER ECDSA signature as CMS carries it. Parsing a new signature costs
 * ~1 ms, almost all of it asn1js decoding the DER.
 */
import { createHash, createPublicKey, type KeyObject, verify as cryptoVerify } from 'node:crypto';
import type { I18n } from '../registry/types.ts';
import { asn1js, normSerial, parseAsn1, pkijs, toAB, toBuf, x509 } from './engine.ts';
import { type EdsCode, PKI_ERRORS } from './error-codes.ts';
import { EKU, type SubjectInfo, subjectInfo } from './profile.ts';
import { crlUrls, type RevocationAnswer, type RevocationChecker } from './revocation.ts';
import { ocspUrls } from './ocsp.ts';
import type { TrustStore } from './trust.ts';

export type Purpose = 'sign' | 'auth' | 'any';

export interface VerifyOptions {
  /** The signed bytes, for a detached signature (for an attached one: must equal the content if given). */
  data?: ArrayBuffer | ArrayBufferView;
  /** What the signature is for (default 'sign': a document). */
  purpose?: Purpose;
  expectedIin?: string;
  expectedBin?: string;
  /** Validate certificates at this time instead of signingTime/now. */
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
  /** Clock skew allowed for a signingTime in the future (default 5 min). */
  skewMs?: number;
  maxCachedCertificates?: number;
  /** Parsed signatures kept (by SHA-256 of their bytes) for repeated verification (default 10 000)… */
  maxCachedSignatures?: number;
  /** …and at most this many bytes of them (default 32 MB). */
  maxCachedSignatureBytes?: number;
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const MAX_SIGNERS = 10;

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SIG_ALGS: Record<string, { kind: 'rsa' | 'ec'; hash?: string }> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.10045.2.1': { kind: 'ec' },
  '1.2.840.10045.4.3.2': { kind: 'ec', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ec', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ec', hash: 'sha512' },
};

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

/** What verification needs from one SignerInfo, copied out of the parsed structure. */
interface ParsedSigner {
  sid: { serial: string; issuerDer: Buffer; issuer: () => string } | { keyId: Buffer };
  digestOid: string;
  signatureOid: string;
  /** DER of the signed attributes as a SET (what the signature covers), or null. */
  signedAttrs: Buffer | null;
  messageDigest: Buffer | null;
  contentTypeAttr: string | null;
  signingTime: Date | null;
  signature: Buffer;
}

/** An immutable digest of a parsed CMS: small to keep, cached by the SHA-256 of the bytes. */
interface ParsedCms {
  eContentType: string;
  content: Buffer | null;
  certs: CertEntry[];
  signers: ParsedSigner[];
}

const issue = (code: EdsCode, detail?: string): EdsIssue => ({ code, message: PKI_ERRORS[code][1], ...(detail ? { detail } : {}) });

function malformed(detail: string, code: EdsCode = 'EDS_MALFORMED'): VerifyResult {
  return { valid: false, signer: null, signers: [], content: null, errors: [issue(code, detail)], revocation: null };
}

function attrValue(si: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return si.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

/** Signatures larger than this (attached content) are parsed every time instead of cached. */
const MAX_CACHED_CMS_BYTES = 64 * 1024;

export class CmsVerifier {
  private readonly certs = new Map<string, CertEntry>();
  private readonly parsed = new Map<string, { p: ParsedCms | string; bytes: number }>();
  private parsedBytes = 0;

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
   * Parse with asn1js + pkijs. asn1js decodes the whole structure; pkijs then maps the
   * parts that matter one by one (EncapsulatedContentInfo, each SignerInfo) instead of
   * matching the whole SignedData schema, whose certificate alternatives make it five
   * times slower; certificates go through the certificate cache, so each distinct
   * certificate is mapped once.
   *
   *   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
   *                             certificates [0] IMPLICIT SET OPTIONAL, crls [1] OPTIONAL, signerInfos SET }
   */
  private parse(cms: Buffer): ParsedCms | string {
    const asn = parseAsn1(cms);
    if (!asn) return 'not DER/BER';
    let encap: pkijs.EncapsulatedContentInfo;
    let signerInfos: pkijs.SignerInfo[];
    const certDers: Uint8Array[] = [];
    try {
      const ci = new pkijs.ContentInfo({ schema: asn });
      if (ci.contentType !== OID_SIGNED_DATA) return 'not a SignedData';
      const seq = ci.content as asn1js.AsnType;
      if (!(seq instanceof asn1js.Sequence)) return 'not a CMS SignedData';
      const items = seq.valueBlock.value;
      const [version, digestAlgorithms, encapsulated] = items;
      const last = items[items.length - 1];
      if (
        items.length < 4 ||
        items.length > 6 ||
        !(version instanceof asn1js.Integer) ||
        !(digestAlgorithms instanceof asn1js.Set) ||
        !(encapsulated instanceof asn1js.Sequence) ||
        !(last instanceof asn1js.Set)
      )
        return 'not a CMS SignedData';
      let prevTag = -1;
      for (const opt of items.slice(3, -1)) {
        const tag = opt.idBlock.tagNumber;
        if (opt.idBlock.tagClass !== 3 || !(opt instanceof asn1js.Constructed) || tag > 1 || tag <= prevTag) return 'not a CMS SignedData';
        prevTag = tag;
        // certificates: keep the X.509 ones (SEQUENCE), skip the legacy alternatives
        if (tag === 0) for (const c of opt.valueBlock.value) if (c.idBlock.tagClass === 1 && c.idBlock.tagNumber === 16) certDers.push(c.valueBeforeDecodeView);
      }
      encap = new pkijs.EncapsulatedContentInfo({ schema: encapsulated });
      if (!last.valueBlock.value.length) return 'no SignerInfo';
      if (last.valueBlock.value.length > MAX_SIGNERS) return 'too many signers';
      signerInfos = last.valueBlock.value.map((x) => new pkijs.SignerInfo({ schema: x }));
    } catch {
      return 'not a CMS SignedData';
    }
    let certs: CertEntry[];
    try {
      certs = certDers.map((d) => this.entryFor(d));
    } catch {
      return 'bad certificate';
    }
    const ec = encap.eContent;
    const content = ec ? (ec instanceof asn1js.OctetString ? toBuf(ec.getValue()) : toBuf((ec as asn1js.BaseBlock).valueBeforeDecodeView)) : null;
    try {
      const signers: ParsedSigner[] = signerInfos.map((si) => {
        let sid: ParsedSigner['sid'];
        if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
          const name = si.sid.issuer;
          sid = {
            serial: normSerial(toBuf(si.sid.serialNumber.valueBlock.valueHexView).toString('hex')),
            issuerDer: Buffer.from(name.valueBeforeDecode),
            issuer: () => new x509.Name(name.toSchema().toBER(false)).toString(),
          };
        } else {
          const b = si.sid as asn1js.BaseBlock & { valueBlock: { valueHexView?: Uint8Array; value?: asn1js.OctetString[] } };
          sid = { keyId: Buffer.from(b.valueBlock.valueHexView ?? b.valueBlock.value?.[0]?.valueBlock.valueHexView ?? new Uint8Array()) };
        }
        const md = attrValue(si, OID_MESSAGE_DIGEST);
        const ct = attrValue(si, OID_CONTENT_TYPE);
        const st = attrValue(si, OID_SIGNING_TIME);
        return {
          sid,
          digestOid: si.digestAlgorithm.algorithmId,
          signatureOid: si.signatureAlgorithm.algorithmId,
          signedAttrs: si.signedAttrs ? Buffer.from(si.signedAttrs.encodedValue) : null,
          messageDigest: md instanceof asn1js.OctetString ? Buffer.from(md.valueBlock.valueHexView) : null,
          contentTypeAttr: ct instanceof asn1js.ObjectIdentifier ? ct.valueBlock.toString() : null,
          signingTime: st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime ? st.toDate() : null,
          signature: Buffer.from(si.signature.valueBlock.valueHexView),
        };
      });
      return { eContentType: encap.eContentType, content, certs, signers };
    } catch {
      return 'bad SignerInfo';
    }
  }

  /** The parsed form of these bytes; from the cache when the same signature was seen before. */
  private parsedCms(cms: Buffer): ParsedCms | string {
    if (cms.length > MAX_CACHED_CMS_BYTES) return this.parse(cms);
    const key = createHash('sha256').update(cms).digest('base64');
    const hit = this.parsed.get(key);
    if (hit !== undefined) {
      this.parsed.delete(key);
      this.parsed.set(key, hit);
      return hit.p;
    }
    const p = this.parse(cms);
    const bytes = cms.length + 512;
    const maxBytes = this.opts.maxCachedSignatureBytes ?? 32 * 1024 * 1024;
    while (this.parsed.size && (this.parsed.size >= (this.opts.maxCachedSignatures ?? 10_000) || this.parsedBytes + bytes > maxBytes)) {
      const [k, v] = this.parsed.entries().next().value as [string, { bytes: number }];
      this.parsed.delete(k);
      this.parsedBytes -= v.bytes;
    }
    this.parsed.set(key, { p, bytes });
    this.parsedBytes += bytes;
    return p;
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
    const p = this.parsedCms(cms);
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
      const e =
        'serial' in sid
          ? (p.certs.find((c) => c.serial === sid.serial && c.issuerDer.equals(sid.issuerDer)) ??
            // the same name in another string encoding
            p.certs.find((c) => c.serial === sid.serial && c.issuer === sid.issuer()))
          : p.certs.find((c) => c.ski?.equals(sid.keyId) || c.keyHash?.equals(sid.keyId));
      if (!e) {
        errors.push(issue('EDS_NO_SIGNER_CERTIFICATE'));
        continue;
      }

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
          if (si.contentTypeAttr !== p.eContentType) ok = false;
          signed = si.signedAttrs;
        }
        if (ok) {
          try {
            ok = cryptoVerify(hashName, signed, e.key, si.signature);
          } catch {
            ok = false;
          }
        }
        if (!ok) errors.push(issue('EDS_BAD_SIGNATURE'));
        sigOk = ok && !errors.some((x) => x.code === 'EDS_BAD_SIGNATURE');
      }

      // 3. path to a trusted root; 4. validity on it
      const trust = this.opts.trust;
      if (e.pathGen !== trust.generation || e.path === undefined) {
        const extra = p.certs.filter((c) => c !== e).map((c) => c.cert);
        const built = await trust.buildPath(e.cert, extra);
        // Cache only successes: a later signature may carry the missing intermediate.
        if (built || !extra.length) {
          e.path = built;
          e.pathGen = trust.generation;
          e.checkedCas = built ? built.map((_, i) => i).filter((i) => i > 0 && i < built.length - 1 && (ocspUrls(built[i] as x509.X509Certificate).length > 0 || crlUrls(built[i] as x509.X509Certificate).length > 0)) : [];
        }
        if (!built) errors.push(issue('EDS_UNTRUSTED_ISSUER', e.issuer));
        else this.checkPath(built, opts, signingTime, now, errors);
      } else if (e.path === null) errors.push(issue('EDS_UNTRUSTED_ISSUER', e.issuer));
      else this.checkPath(e.path, opts, signingTime, now, errors);

      // 5. revocation (only for a real signature with a trusted path)
      const path = e.pathGen === trust.generation ? e.path : null;
      if (sigOk && path && this.opts.revocation) {
        const r = await this.opts.revocation.check(e.cert, path[1] as x509.X509Certificate);
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

  /** 4. validity of every certificate on the path at the validation time. */
  private checkPath(path: x509.X509Certificate[], opts: VerifyOptions, signingTime: Date | null, now: number, errors: EdsIssue[]) {
    const skew = this.opts.skewMs ?? 300_000;
    const t = opts.at?.getTime() ?? (signingTime && signingTime.getTime() <= now + skew ? signingTime.getTime() : now);
    path.forEach((c, i) => {
      const who = i === 0 ? undefined : `issuer ${c.subject}`;
      if (c.notAfter.getTime() < t) errors.push(issue('EDS_EXPIRED', who));
      else if (c.notBefore.getTime() > t) errors.push(issue('EDS_NOT_YET_VALID', who));
    });
  }
}
