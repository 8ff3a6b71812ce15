/**
 * OCSP (RFC 6960): the responder of our issuing CA and a client for checking
 * certificates of any CA that names an OCSP URL in its AIA extension.
 *
 * Responder: parses an OCSPRequest (pkijs), answers every single request good /
 * revoked / unknown from `lookup`, echoes the nonce, and signs a BasicOCSPResponse
 * with the issuing CA key itself (no delegated responder certificate; the response
 * carries the issuing CA certificate). Requests for another issuer get "unknown",
 * a request with no single request for us gets `unauthorized`, garbage gets
 * `malformedRequest` — never an exception. Works with
 * `openssl ocsp -issuer ca.pem -cert c.pem -url … -CAfile root.pem`.
 */
import { randomBytes } from 'node:crypto';
import { asn1js, normSerial, parseAsn1, pkijs, sha1, toAB, toBuf, x509 } from './engine.ts';

export const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
export const OID_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const OID_SHA1 = '1.3.14.3.2.26';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

/** OCSPResponseStatus */
export const OCSP_STATUS = { successful: 0, malformedRequest: 1, internalError: 2, tryLater: 3, sigRequired: 5, unauthorized: 6 } as const;

export const CRL_REASON_CODES: Record<string, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};
export const CRL_REASON_NAMES: Record<number, string> = Object.fromEntries(Object.entries(CRL_REASON_CODES).map(([k, v]) => [v, k]));

export interface OcspStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  reason?: string;
}

export interface OcspResponderOptions {
  /** The CA whose certificates this responder answers for (it also signs the responses). */
  issuer: x509.X509Certificate;
  issuerKey: CryptoKey;
  /** Status of a serial (lower-case hex) issued by `issuer`. */
  lookup: (serial: string) => Promise<OcspStatus>;
  /** nextUpdate = thisUpdate + this (default 300 s): how long clients may reuse the answer. */
  validitySeconds?: number;
}

const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const hex = (v: ArrayBuffer | ArrayBufferView) => toBuf(v).toString('hex');

function statusOnly(code: number): Uint8Array {
  return new Uint8Array(new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: code }) }).toSchema().toBER(false));
}

function certStatus(s: OcspStatus): asn1js.AsnType {
  if (s.status === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (s.status === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  const info: asn1js.AsnType[] = [new asn1js.GeneralizedTime({ valueDate: wholeSecond(s.revokedAt ?? new Date()) })];
  const code = s.reason ? CRL_REASON_CODES[s.reason] : undefined;
  if (code !== undefined) info.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: code })] }));
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: info });
}

export class OcspResponder {
  private readonly issuerPk: pkijs.Certificate;
  private readonly hashes = new Map<string, { name: string; key: string }>();
  private readonly keyHashSha1: Buffer;

  constructor(private readonly opts: OcspResponderOptions) {
    this.issuerPk = pkijs.Certificate.fromBER(opts.issuer.rawData);
    this.keyHashSha1 = sha1(this.issuerPk.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  }

  /** issuerNameHash/issuerKeyHash (hex) of our issuer under the hash algorithm a request uses. */
  private async ourHashes(hashOid: string): Promise<{ name: string; key: string } | null> {
    const cached = this.hashes.get(hashOid);
    if (cached) return cached;
    const hashName = hashOid === OID_SHA1 ? 'SHA-1' : hashOid === OID_SHA256 ? 'SHA-256' : null;
    if (!hashName) return null;
    const id = new pkijs.CertID();
    await id.createForCertificate(this.issuerPk, { hashAlgorithm: hashName, issuerCertificate: this.issuerPk });
    const h = { name: hex(id.issuerNameHash.valueBlock.valueHexView), key: hex(id.issuerKeyHash.valueBlock.valueHexView) };
    this.hashes.set(hashOid, h);
    return h;
  }

  /** Answer one DER OCSPRequest with a DER OCSPResponse. Never throws. */
  async respond(requestDer: ArrayBuffer | ArrayBufferView): Promise<Uint8Array> {
    let req: pkijs.OCSPRequest;
    try {
      const asn = parseAsn1(requestDer);
      if (!asn) return statusOnly(OCSP_STATUS.malformedRequest);
      req = new pkijs.OCSPRequest({ schema: asn });
      if (!req.tbsRequest.requestList.length || req.tbsRequest.requestList.length > 32) return statusOnly(OCSP_STATUS.malformedRequest);
    } catch {
      return statusOnly(OCSP_STATUS.malformedRequest);
    }
    try {
      const now = wholeSecond(new Date());
      const next = new Date(now.getTime() + (this.opts.validitySeconds ?? 300) * 1000);
      const responses: pkijs.SingleResponse[] = [];
      let ours = 0;
      for (const r of req.tbsRequest.requestList) {
        const id = r.reqCert;
        const h = await this.ourHashes(id.hashAlgorithm.algorithmId);
        const mine =
          h !== null && hex(id.issuerNameHash.valueBlock.valueHexView) === h.name && hex(id.issuerKeyHash.valueBlock.valueHexView) === h.key;
        let st: OcspStatus = { status: 'unknown' };
        if (mine) {
          ours++;
          st = await this.opts.lookup(normSerial(hex(id.serialNumber.valueBlock.valueHexView)));
        }
        responses.push(new pkijs.SingleResponse({ certID: id, certStatus: certStatus(st), thisUpdate: now, nextUpdate: next }));
      }
      if (!ours) return statusOnly(OCSP_STATUS.unauthorized);
      const nonce = req.tbsRequest.requestExtensions?.find((e) => e.extnID === OID_OCSP_NONCE);
      const basic = new pkijs.BasicOCSPResponse({
        tbsResponseData: new pkijs.ResponseData({
          responderID: new asn1js.OctetString({ valueHex: toAB(this.keyHashSha1) }),
          producedAt: now,
          responses,
          ...(nonce ? { responseExtensions: [new pkijs.Extension({ extnID: OID_OCSP_NONCE, critical: false, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer })] } : {}),
        }),
        certs: [this.issuerPk],
      });
      await basic.sign(this.opts.issuerKey, 'SHA-256');
      return new Uint8Array(
        new pkijs.OCSPResponse({
          responseStatus: new asn1js.Enumerated({ value: OCSP_STATUS.successful }),
          responseBytes: new pkijs.ResponseBytes({
            responseType: OID_OCSP_BASIC,
            response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
          }),
        })
          .toSchema()
          .toBER(false),
      );
    } catch {
      return statusOnly(OCSP_STATUS.internalError);
    }
  }
}

// --- client --------------------------------------------------------------------------

export interface OcspAnswer extends OcspStatus {
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspQueryOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Allowed clock skew for thisUpdate/nextUpdate (default 5 min). */
  skewMs?: number;
}

/** The OCSP URLs of a certificate's AIA extension (http/https only). */
export function ocspUrls(cert: x509.X509Certificate): string[] {
  const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
  return (aia?.ocsp ?? []).filter((g) => g.type === 'url' && /^https?:\/\//i.test(g.value)).map((g) => g.value);
}

function parseCertStatus(s: asn1js.AsnType): OcspStatus {
  const b = s as asn1js.BaseBlock & { idBlock: { tagClass: number; tagNumber: number }; valueBlock: { value?: asn1js.AsnType[] } };
  if (b.idBlock.tagClass !== 3) return { status: 'unknown' };
  if (b.idBlock.tagNumber === 0) return { status: 'good' };
  if (b.idBlock.tagNumber !== 1) return { status: 'unknown' };
  const [time, reason] = b.valueBlock.value ?? [];
  const out: OcspStatus = { status: 'revoked' };
  if (time instanceof asn1js.GeneralizedTime) out.revokedAt = time.toDate();
  const enumerated = (reason as asn1js.Constructed | undefined)?.valueBlock?.value?.[0];
  if (enumerated instanceof asn1js.Enumerated) out.reason = CRL_REASON_NAMES[enumerated.valueBlock.valueDec] ?? 'unspecified';
  return out;
}

/**
 * Ask an OCSP responder about `cert` (issued by `issuer`). Returns null when the
 * responder cannot be reached or its answer cannot be trusted (bad signature, a
 * responder not authorised by the issuer, stale, nonce mismatch) — the caller then
 * tries another method. The responder must be the issuer itself or a certificate
 * issued by it with the OCSPSigning EKU.
 */
export async function queryOcsp(url: string, cert: x509.X509Certificate, issuer: x509.X509Certificate, opts: OcspQueryOptions = {}): Promise<OcspAnswer | null> {
  const f = opts.fetch ?? fetch;
  const skew = opts.skewMs ?? 300_000;
  try {
    const certPk = pkijs.Certificate.fromBER(cert.rawData);
    const issuerPk = pkijs.Certificate.fromBER(issuer.rawData);
    const req = new pkijs.OCSPRequest();
    await req.createForCertificate(certPk, { hashAlgorithm: 'SHA-1', issuerCertificate: issuerPk });
    const nonce = randomBytes(16);
    req.tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: OID_OCSP_NONCE, critical: false, extnValue: new asn1js.OctetString({ valueHex: toAB(nonce) }).toBER(false) }),
    ];
    const res = await f(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(req.toSchema(true).toBER(false)),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    if (!res.ok) return null;
    const asn = parseAsn1(await res.arrayBuffer());
    if (!asn) return null;
    const resp = new pkijs.OCSPResponse({ schema: asn });
    if (resp.responseStatus.valueBlock.valueDec !== OCSP_STATUS.successful || resp.responseBytes?.responseType !== OID_OCSP_BASIC) return null;
    const basicAsn = parseAsn1(resp.responseBytes.response.valueBlock.valueHexView);
    if (!basicAsn) return null;
    const basic = new pkijs.BasicOCSPResponse({ schema: basicAsn });

    // Who signed it: the issuer itself, or a delegated responder certified by the issuer.
    const rid = basic.tbsResponseData.responderID;
    const matches = (c: pkijs.Certificate) =>
      rid instanceof asn1js.OctetString
        ? sha1(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).equals(toBuf(rid.valueBlock.valueHexView))
        : rid instanceof pkijs.RelativeDistinguishedNames && c.subject.isEqual(rid);
    let signer: pkijs.Certificate | null = null;
    if (matches(issuerPk)) signer = issuerPk;
    else {
      for (const c of basic.certs ?? []) {
        if (!matches(c)) continue;
        const xc = new x509.X509Certificate(c.toSchema().toBER(false));
        const eku = xc.getExtension(x509.ExtendedKeyUsageExtension);
        const now = Date.now();
        if (!eku?.usages.includes('1.3.6.1.5.5.7.3.9')) continue;
        if (xc.notBefore.getTime() > now + skew || xc.notAfter.getTime() < now - skew) continue;
        if (xc.issuer !== issuer.subject || !(await xc.verify({ publicKey: issuer.publicKey, signatureOnly: true }))) continue;
        signer = c;
        break;
      }
    }
    // verifyResponseSignature is private in the typings; it checks the signature with the given certificate's key.
    const checkSig = (basic as unknown as { verifyResponseSignature(c: pkijs.Certificate): Promise<boolean> }).verifyResponseSignature.bind(basic);
    if (!signer || !(await checkSig(signer))) return null;

    const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OID_OCSP_NONCE);
    if (echoed) {
      const v = parseAsn1(echoed.extnValue.valueBlock.valueHexView);
      const got = v instanceof asn1js.OctetString ? toBuf(v.valueBlock.valueHexView) : toBuf(echoed.extnValue.valueBlock.valueHexView);
      if (!got.equals(nonce)) return null;
    }

    const mine = new pkijs.CertID();
    for (const single of basic.tbsResponseData.responses) {
      const alg = single.certID.hashAlgorithm.algorithmId === OID_SHA256 ? 'SHA-256' : single.certID.hashAlgorithm.algorithmId === OID_SHA1 ? 'SHA-1' : null;
      if (!alg) continue;
      await mine.createForCertificate(certPk, { hashAlgorithm: alg, issuerCertificate: issuerPk });
      if (!single.certID.isEqual(mine)) continue;
      const now = Date.now();
      if (single.thisUpdate.getTime() > now + skew) return null;
      if (single.nextUpdate && single.nextUpdate.getTime() < now - skew) return null;
      return { ...parseCertStatus(single.certStatus), thisUpdate: single.thisUpdate, ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}) };
    }
    return null;
  } catch {
    return null;
  }
}
