/**
 * Decoding of CMS SignedData (RFC 5652 §5) for the verifier (verify.ts), fast enough for
 * thousands of never-seen signatures per second.
 *
 * Why not one library call: decoding a whole ~1.1 KB CMS with asn1js 4 takes ~1 ms (pkijs on
 * top: more), with asn1js 3 ~0.4 ms, with @peculiar/asn1-schema (ContentInfo + SignedData)
 * ~1 ms — and two thirds of the nodes are the signer's certificate, which the verifier already
 * holds parsed in its certificate cache (by the SHA-256 of its DER). So the structure is read in
 * two layers, both with asn1js doing every byte of the decoding:
 *
 *  - the shape: identifier and length octets of each element are decoded by asn1js'
 *    identification/length blocks (`BaseBlock.idBlock/lenBlock.fromBER`: tag classes, long
 *    tags, long/indefinite lengths, their limits), and this module only checks that each element
 *    is what RFC 5652 puts there (tag, constructed or not, order, count) and that children fill
 *    their parent exactly — so certificates are delimited, not decoded;
 *  - the values: OIDs, INTEGERs and times are decoded by `asn1js.fromBER` of the element
 *    (OIDs and INTEGERs memoised by their encoding: there are few distinct ones); OCTET STRING
 *    values are the contents octets, or for BER constructed strings the concatenation of the
 *    segments (X.690 §8.7.3).
 *
 * BER is accepted where CMS allows it (indefinite lengths as NCALayer and `openssl cms -stream`
 * write them, constructed OCTET STRINGs). Strict where the signature does not protect the
 * bytes: the SignedData and SignerInfo versions must be the ones RFC 5652 §5.1/§5.3 prescribe,
 * each signer's digest algorithm must be listed in digestAlgorithms, supported algorithms must
 * have absent or NULL parameters, the content-type/message-digest/signing-time attributes may
 * occur once with one value, and the input must be exactly one element.
 *
 * The signed attributes are verified over their DER encoding as a SET OF (§5.4). For DER input
 * that is the received element with its [0] IMPLICIT tag (0xA0) replaced by SET (0x31) —
 * byte-identical to `AsnConvert.serialize` of the decoded attributes (see the tests);
 * `reencodeSignedAttrs` produces the library's re-encoding for the rare signature that sent
 * them in BER, and the verifier uses it when the received bytes do not verify.
 */
import { Attribute } from '@peculiar/asn1-cms';
import { AsnArray, AsnConvert, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { asn1js } from './engine.ts';

export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

/** Digest algorithms the verifier supports (OID → node:crypto name). */
export const HASHES: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithms the verifier supports; `hash` when the OID names one. */
export const SIG_ALGS: Readonly<Record<string, { kind: 'rsa' | 'ec'; hash?: string }>> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.10045.2.1': { kind: 'ec' },
  '1.2.840.10045.4.3.2': { kind: 'ec', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ec', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ec', hash: 'sha512' },
};

export const MAX_SIGNERS = 10;
/** Nesting of indefinite-length elements (a CMS needs 5–6). */
const MAX_INDEFINITE_DEPTH = 16;

export interface ParsedSigner {
  version: number;
  sid: { issuerDer: Buffer; serial: string } | { keyId: Buffer };
  digestOid: string;
  signatureOid: string;
  /** The signed attributes as received, tagged SET (what the signature covers for DER input), or null. */
  signedAttrs: Buffer | null;
  /** Content-type, message-digest and signing-time attributes (null when absent). */
  contentType: string | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  signature: Buffer;
}

export interface ParsedSignedData {
  version: number;
  eContentType: string;
  /** Attached content, or null (detached). */
  content: Buffer | null;
  /** DER of the X.509 certificates carried (other certificate formats are skipped). */
  certificates: Buffer[];
  signers: ParsedSigner[];
}

export class CmsFormatError extends Error {}
const fail = (message: string): never => {
  throw new CmsFormatError(message);
};

/** One BER element: identifier, and where its contents start and end in the input. */
interface El {
  /** asn1js numbering: 1 universal, 2 application, 3 context-specific, 4 private. */
  cls: number;
  tag: number;
  cons: boolean;
  start: number;
  /** First contents octet. */
  body: number;
  /** End of the contents (before the end-of-contents octets of an indefinite length). */
  bodyEnd: number;
  /** End of the whole element. */
  end: number;
  indefinite: boolean;
}

const UNIVERSAL = 1;
const CONTEXT = 3;
const T_INTEGER = 2;
const T_OCTET_STRING = 4;
const T_NULL = 5;
const T_OID = 6;
const T_SEQUENCE = 16;
const T_SET = 17;
const T_UTC_TIME = 23;
const T_GENERALIZED_TIME = 24;

/** Decoded values of small elements (OIDs, versions) by their encoding. */
const memo = new Map<string, string | number>();
function remember<T extends string | number>(key: string, value: T): T {
  if (memo.size >= 1024) memo.clear();
  memo.set(key, value);
  return value;
}

/** Shape reader over one input; identifier and length octets decoded by asn1js. */
class BerReader {
  private readonly header = new asn1js.BaseBlock();
  private depth = 0;
  /** Indefinite-length elements already delimited (finding their end walks their contents), by start. */
  private readonly delimited = new Map<number, El>();

  constructor(readonly buf: Buffer) {}

  /** The element at `off`, which must end by `limit`. */
  at(off: number, limit: number): El {
    const { idBlock, lenBlock } = this.header;
    idBlock.warnings = [];
    lenBlock.warnings = [];
    const afterId = idBlock.fromBER(this.buf, off, limit - off);
    if (afterId < 0 || idBlock.isHexOnly) fail('bad identifier octets');
    const cls = idBlock.tagClass;
    const tag = idBlock.tagNumber;
    const cons = idBlock.isConstructed;
    const body = lenBlock.fromBER(this.buf, afterId, limit - afterId);
    if (body < 0) fail('bad length octets');
    if (!lenBlock.isIndefiniteForm) {
      const end = body + lenBlock.length;
      if (!Number.isSafeInteger(end) || end > limit) fail('element runs past its container');
      if (cls === UNIVERSAL && tag === 0 && (cons || end !== body)) fail('bad end-of-contents octets');
      return { cls, tag, cons, start: off, body, bodyEnd: end, end, indefinite: false };
    }
    if (!cons) fail('indefinite length on a primitive element');
    const known = this.delimited.get(off);
    if (known) return known.end <= limit ? known : fail('element runs past its container');
    if (++this.depth > MAX_INDEFINITE_DEPTH) fail('indefinite lengths nested too deep');
    let p = body;
    for (;;) {
      const c = this.at(p, limit);
      if (c.cls === UNIVERSAL && c.tag === 0) {
        this.depth--;
        const e = { cls, tag, cons, start: off, body, bodyEnd: c.start, end: c.end, indefinite: true };
        this.delimited.set(off, e);
        return e;
      }
      p = c.end;
    }
  }

  /** The elements inside a constructed one; they must fill it exactly. */
  children(e: El, min = 0, max = Number.MAX_SAFE_INTEGER): El[] {
    if (!e.cons) fail('constructed element expected');
    const out: El[] = [];
    for (let p = e.body; p < e.bodyEnd; ) {
      const c = this.at(p, e.bodyEnd);
      if (c.cls === UNIVERSAL && c.tag === 0) fail('end-of-contents inside a definite length');
      if (out.length >= max) fail('too many elements');
      out.push(c);
      p = c.end;
    }
    if (out.length < min) fail('missing elements');
    return out;
  }

  /** Every element nested in `e` is well-formed and fills its container exactly. */
  walk(e: El, depth = 0): void {
    if (!e.cons) return;
    if (depth > 64) fail('nested too deep');
    for (const c of this.children(e)) this.walk(c, depth + 1);
  }

  /** The whole element. */
  bytes(e: El): Buffer {
    return this.buf.subarray(e.start, e.end);
  }

  /** Contents octets of a primitive element. */
  contents(e: El): Buffer {
    if (e.cons) fail('primitive element expected');
    return this.buf.subarray(e.body, e.bodyEnd);
  }

  /** Value of an OCTET STRING (or of an IMPLICIT-tagged one): contents, or the concatenated segments. */
  octets(e: El, depth = 0): Buffer {
    if (!e.cons) return this.buf.subarray(e.body, e.bodyEnd);
    if (depth > 8) fail('constructed string nested too deep');
    return Buffer.concat(
      this.children(e).map((c) => {
        if (c.cls !== UNIVERSAL || c.tag !== T_OCTET_STRING) fail('bad constructed OCTET STRING');
        return this.octets(c, depth + 1);
      }),
    );
  }

  /** The element decoded by asn1js, which must consume it exactly. */
  decode(e: El): asn1js.AsnType {
    const r = asn1js.fromBER(this.buf.subarray(e.start, e.end), { parseEmbedded: false });
    if (r.offset !== e.end - e.start || r.result.error) fail('undecodable element');
    return r.result;
  }

  oid(e: El): string {
    if (e.cls !== UNIVERSAL || e.tag !== T_OID || e.cons) fail('OBJECT IDENTIFIER expected');
    const key = `o${this.buf.toString('latin1', e.start, e.end)}`;
    const hit = memo.get(key);
    if (typeof hit === 'string') return hit;
    const v = this.decode(e);
    if (!(v instanceof asn1js.ObjectIdentifier)) return fail('OBJECT IDENTIFIER expected');
    const s = v.valueBlock.toString();
    if (!/^\d+(\.\d+)+$/.test(s)) fail('bad OBJECT IDENTIFIER');
    return remember(key, s);
  }

  /** A small non-negative INTEGER (versions). */
  smallInt(e: El): number {
    if (e.cls !== UNIVERSAL || e.tag !== T_INTEGER || e.cons) fail('INTEGER expected');
    const key = `i${this.buf.toString('latin1', e.start, e.end)}`;
    const hit = memo.get(key);
    if (typeof hit === 'number') return hit;
    const v = this.decode(e);
    if (!(v instanceof asn1js.Integer) || e.bodyEnd - e.body > 4) return fail('bad version');
    const n = v.valueBlock.valueDec;
    if (!Number.isSafeInteger(n) || n < 0) fail('bad version');
    return remember(key, n);
  }

  time(e: El): Date {
    if (e.cls !== UNIVERSAL || (e.tag !== T_UTC_TIME && e.tag !== T_GENERALIZED_TIME) || e.cons) fail('Time expected');
    const v = this.decode(e);
    const d = v instanceof asn1js.UTCTime || v instanceof asn1js.GeneralizedTime ? v.toDate() : null;
    if (!d || Number.isNaN(d.getTime())) return fail('bad time');
    return d;
  }

  is(e: El, cls: number, tag: number, cons?: boolean): boolean {
    return e.cls === cls && e.tag === tag && (cons === undefined || e.cons === cons);
  }

  /** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
  algorithm(e: El): { oid: string; params: El | null } {
    if (!this.is(e, UNIVERSAL, T_SEQUENCE, true)) fail('AlgorithmIdentifier expected');
    const [oid, params] = this.children(e, 1, 2) as [El, El | undefined];
    return { oid: this.oid(oid), params: params ?? null };
  }

  /** Parameters of a supported digest or signature algorithm: absent or NULL. */
  checkParams(a: { oid: string; params: El | null }) {
    if ((HASHES[a.oid] || SIG_ALGS[a.oid]) && a.params && !(this.is(a.params, UNIVERSAL, T_NULL, false) && a.params.body === a.params.end)) fail(`bad parameters of ${a.oid}`);
  }
}

/**
 * Decode a CMS ContentInfo holding a SignedData. Throws CmsFormatError (with a short reason)
 * for anything that is not one; never anything else for any bytes.
 */
export function parseSignedData(input: Buffer): ParsedSignedData {
  const r = new BerReader(input);
  if (!input.length) fail('empty');
  const top = r.at(0, input.length);
  if (top.end !== input.length) fail('trailing bytes after the ContentInfo');
  // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
  if (!r.is(top, UNIVERSAL, T_SEQUENCE, true)) fail('not a ContentInfo');
  const [ct, wrapped] = r.children(top, 2, 2) as [El, El];
  if (r.oid(ct) !== OID_SIGNED_DATA) fail('not a SignedData');
  if (!r.is(wrapped, CONTEXT, 0, true)) fail('not a ContentInfo');
  const [sd] = r.children(wrapped, 1, 1) as [El];
  if (!r.is(sd, UNIVERSAL, T_SEQUENCE, true)) fail('not a SignedData');

  // SignedData ::= SEQUENCE { version, digestAlgorithms SET OF AlgorithmIdentifier,
  //   encapContentInfo, certificates [0] IMPLICIT SET OPTIONAL, crls [1] IMPLICIT SET OPTIONAL, signerInfos SET }
  const items = r.children(sd, 4, 6);
  const [ver, digestSet, encap] = items as [El, El, El];
  const signerSet = items[items.length - 1] as El;
  const version = r.smallInt(ver);
  if (!r.is(digestSet, UNIVERSAL, T_SET, true) || !r.is(encap, UNIVERSAL, T_SEQUENCE, true) || !r.is(signerSet, UNIVERSAL, T_SET, true)) fail('not a SignedData');
  const digestOids = new Set<string>();
  for (const d of r.children(digestSet)) {
    const a = r.algorithm(d);
    r.checkParams(a);
    digestOids.add(a.oid);
  }

  // EncapsulatedContentInfo ::= SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
  const [ect, ec] = r.children(encap, 1, 2) as [El, El | undefined];
  const eContentType = r.oid(ect);
  let content: Buffer | null = null;
  if (ec) {
    if (!r.is(ec, CONTEXT, 0, true)) fail('bad encapsulated content');
    const [value] = r.children(ec, 1, 1) as [El];
    // OCTET STRING (CMS); anything else is a PKCS#7 v1.5 content, taken whole
    content = r.is(value, UNIVERSAL, T_OCTET_STRING) ? r.octets(value) : r.bytes(value);
  }

  // certificates: X.509 ones (SEQUENCE) are kept; the obsolete/attribute/other formats only count for the version
  const certificates: Buffer[] = [];
  let otherFormats = false;
  let v2AttrCerts = false;
  let v1AttrCerts = false;
  let prevTag = -1;
  for (const opt of items.slice(3, -1)) {
    if (opt.cls !== CONTEXT || !opt.cons || opt.tag > 1 || opt.tag <= prevTag) fail('not a SignedData');
    prevTag = opt.tag;
    for (const c of r.children(opt)) {
      if (r.is(c, UNIVERSAL, T_SEQUENCE, true)) {
        if (opt.tag === 0) certificates.push(r.bytes(c));
      } else if (c.cls !== CONTEXT || !c.cons) fail('bad certificate or CRL choice');
      else if (opt.tag === 0 ? c.tag === 3 : c.tag === 1) otherFormats = true;
      else if (opt.tag === 0 && c.tag === 2) v2AttrCerts = true;
      else if (opt.tag === 0 && c.tag === 1) v1AttrCerts = true;
      else if (!(opt.tag === 0 && c.tag === 0)) fail('bad certificate or CRL choice');
    }
  }

  const signerEls = r.children(signerSet, 1);
  if (signerEls.length > MAX_SIGNERS) fail('too many signers');
  const signers = signerEls.map((s) => parseSignerInfo(r, s, eContentType));
  for (const s of signers) if (!digestOids.has(s.digestOid)) fail('a signer digest algorithm is not listed in digestAlgorithms');

  // RFC 5652 §5.1
  const expected = otherFormats ? 5 : v2AttrCerts ? 4 : v1AttrCerts || eContentType !== OID_DATA || signers.some((s) => s.version === 3) ? 3 : 1;
  if (version !== expected) fail(`SignedData version ${version}, expected ${expected}`);
  return { version, eContentType, content, certificates, signers };
}

/**
 * The content-type, message-digest and signing-time values of a SET OF Attribute
 * (Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }); other attributes are only
 * checked for shape. RFC 5652 §11: each of the three occurs at most once, with one value.
 */
function readAttributes(r: BerReader, attrs: El[]): AttrValues {
  const out: AttrValues = { contentType: null, messageDigest: null, signingTime: null };
  const seen = new Set<string>();
  for (const a of attrs) {
    if (!r.is(a, UNIVERSAL, T_SEQUENCE, true)) fail('bad Attribute');
    const [type, valueSet] = r.children(a, 2, 2) as [El, El];
    if (!r.is(valueSet, UNIVERSAL, T_SET, true)) fail('bad Attribute');
    const values = r.children(valueSet, 1);
    const oid = r.oid(type);
    if (oid !== OID_CONTENT_TYPE && oid !== OID_MESSAGE_DIGEST && oid !== OID_SIGNING_TIME) continue;
    if (seen.has(oid) || values.length !== 1) fail(`attribute ${oid} must occur once with one value`);
    seen.add(oid);
    const v = values[0] as El;
    if (oid === OID_CONTENT_TYPE) out.contentType = r.oid(v);
    else if (oid === OID_MESSAGE_DIGEST) {
      if (!r.is(v, UNIVERSAL, T_OCTET_STRING)) fail('bad message-digest attribute');
      out.messageDigest = r.octets(v);
    } else out.signingTime = r.time(v);
  }
  return out;
}

/**
 * SignerInfo ::= SEQUENCE { version, sid SignerIdentifier, digestAlgorithm,
 *   signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL, signatureAlgorithm, signature OCTET STRING,
 *   unsignedAttrs [1] IMPLICIT SET OF Attribute OPTIONAL }
 * SignerIdentifier ::= CHOICE { issuerAndSerialNumber SEQUENCE { issuer Name, serialNumber INTEGER },
 *   subjectKeyIdentifier [0] IMPLICIT OCTET STRING }
 */
function parseSignerInfo(r: BerReader, s: El, eContentType: string): ParsedSigner {
  if (!r.is(s, UNIVERSAL, T_SEQUENCE, true)) fail('bad SignerInfo');
  const items = r.children(s, 5, 7);
  let i = 0;
  const next = () => items[i++];
  const version = r.smallInt(next() as El);
  const sidEl = next() as El;
  let sid: ParsedSigner['sid'];
  if (r.is(sidEl, UNIVERSAL, T_SEQUENCE, true)) {
    const [issuer, serial] = r.children(sidEl, 2, 2) as [El, El];
    if (!r.is(issuer, UNIVERSAL, T_SEQUENCE, true) || !r.is(serial, UNIVERSAL, T_INTEGER, false) || serial.body === serial.end) fail('bad IssuerAndSerialNumber');
    sid = { issuerDer: r.bytes(issuer), serial: r.contents(serial).toString('hex') };
    if (version !== 1) fail('SignerInfo version must be 1 with an IssuerAndSerialNumber');
  } else if (r.is(sidEl, CONTEXT, 0)) {
    sid = { keyId: r.octets(sidEl) };
    if (version !== 3) fail('SignerInfo version must be 3 with a SubjectKeyIdentifier');
  } else return fail('bad SignerIdentifier');

  const digest = r.algorithm(next() as El);
  r.checkParams(digest);

  let signedAttrs: Buffer | null = null;
  let values: AttrValues = { contentType: null, messageDigest: null, signingTime: null };
  let el = next() as El;
  if (r.is(el, CONTEXT, 0, true)) {
    values = readAttributes(r, r.children(el, 1));
    const tagged = r.bytes(el);
    if (tagged[0] === 0xa0 && !el.indefinite) {
      // DER input: the DER of the SET OF is the [0] IMPLICIT encoding with the SET tag (same length octets)
      signedAttrs = Buffer.from(tagged);
      signedAttrs[0] = 0x31;
    } else signedAttrs = consistentReencoding(tagged, values) ?? fail('bad signed attributes');
    el = next() as El;
  } else if (eContentType !== OID_DATA) fail('signed attributes are required for a content type other than data');

  const sigAlg = r.algorithm(el);
  r.checkParams(sigAlg);
  const sigEl = next();
  if (!sigEl || !r.is(sigEl, UNIVERSAL, T_OCTET_STRING)) return fail('bad signature value');
  const signature = r.octets(sigEl);
  if (!signature.length) fail('empty signature value');
  const unsigned = next();
  if (unsigned) {
    if (!r.is(unsigned, CONTEXT, 1, true)) fail('bad SignerInfo');
    for (const a of r.children(unsigned, 1)) {
      if (!r.is(a, UNIVERSAL, T_SEQUENCE, true)) fail('bad unsigned Attribute');
      const [type, valueSet] = r.children(a, 2, 2) as [El, El];
      r.oid(type);
      if (!r.is(valueSet, UNIVERSAL, T_SET, true)) fail('bad unsigned Attribute');
    }
  }
  if (i < items.length) fail('bad SignerInfo');
  return { version, sid, digestOid: digest.oid, signatureOid: sigAlg.oid, signedAttrs, ...values, signature };
}

class AttributeSet extends AsnArray<Attribute> {}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

interface AttrValues {
  contentType: string | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
}

/**
 * @peculiar/asn1-schema's encoding of a SET OF Attribute given as a SET or [0] IMPLICIT
 * encoding (`AsnConvert.serialize` of what `AsnConvert.parse` decodes: definite lengths,
 * attribute values as received). Throws when undecodable.
 */
export function serializeAttributes(tagged: Buffer): Buffer {
  let asSet: Buffer;
  if (tagged[0] === 0xa0 || tagged[0] === 0x31) {
    asSet = Buffer.from(tagged);
    asSet[0] = 0x31;
  } else {
    // a long-form identifier: re-tag through asn1js
    const d = asn1js.fromBER(tagged, { parseEmbedded: false });
    if (d.offset !== tagged.length || !(d.result instanceof asn1js.Constructed)) throw new CmsFormatError('not a SET OF Attribute');
    asSet = Buffer.from(new asn1js.Set({ value: d.result.valueBlock.value }).toBER(false));
  }
  return Buffer.from(AsnConvert.serialize(new AttributeSet(AsnConvert.parse(asSet, AttributeSet))));
}

/**
 * The signed attributes — `tagged`: as received, [0] IMPLICIT or SET — re-encoded by
 * @peculiar/asn1-schema as a SET OF Attribute (definite lengths; attribute values as received),
 * provided the re-encoding carries the same content-type, message-digest and signing-time
 * values as `expected`. Null when undecodable or different.
 */
function consistentReencoding(tagged: Buffer, expected: AttrValues): Buffer | null {
  try {
    // only well-formed BER: a lenient decoder must not get to repair damaged bytes into signed ones
    if (!isWellFormed(tagged)) return null;
    const der = serializeAttributes(tagged);
    // read the re-encoding back with this module and compare what the verifier checks
    const r = new BerReader(der);
    const set = r.at(0, der.length);
    if (set.end !== der.length || !r.is(set, UNIVERSAL, T_SET, true)) return null;
    const again = readAttributes(r, r.children(set, 1));
    const same =
      again.contentType === expected.contentType &&
      (again.messageDigest && expected.messageDigest ? again.messageDigest.equals(expected.messageDigest) : again.messageDigest === expected.messageDigest) &&
      (again.signingTime?.getTime() ?? null) === (expected.signingTime?.getTime() ?? null);
    return same ? der : null;
  } catch {
    return null;
  }
}

/** `der` is exactly one BER element whose nested elements are all well-formed (lengths consistent). */
export function isWellFormed(der: Buffer): boolean {
  try {
    const r = new BerReader(der);
    const e = r.at(0, der.length);
    if (e.end !== der.length) return false;
    r.walk(e);
    return true;
  } catch {
    return false;
  }
}

/**
 * The library re-encoding of a signer's signed attributes (see consistentReencoding) when it
 * differs from the bytes the signer info carries, else null: the verifier's second try for a
 * signature over signed attributes that were sent in BER.
 */
export function reencodeSignedAttrs(s: ParsedSigner): Buffer | null {
  if (!s.signedAttrs) return null;
  const der = consistentReencoding(s.signedAttrs, s);
  return der && !der.equals(s.signedAttrs) ? der : null;
}
