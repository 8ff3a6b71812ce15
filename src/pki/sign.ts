/**
 * Signing with a PKCS#12 keystore (pkijs): CMS SignedData with the signed attributes
 * contentType, messageDigest and signingTime, SHA-256, the signer certificate (and
 * optionally its chain) included — what NCALayer's createCAdESFromBase64 produces.
 * For tests and the demo (real users sign in NCALayer on their own computer).
 */
import { asn1js, decodeBase64, pkijs, toAB, type x509 } from './engine.ts';
import { pkiError } from './errors.ts';
import { type Keystore, loadPkcs12 } from './pkcs12.ts';

export interface SignOptions {
  /** Detached (default true): the signature does not carry the data. */
  detached?: boolean;
  /** signingTime attribute (default now; null: omit). */
  signingTime?: Date | null;
  /** Also include the issuer chain from the keystore (default false: signer certificate only). */
  includeChain?: boolean;
}

const OID_DATA = '1.2.840.113549.1.7.1';

/** The keystore's certificate as pkijs needs it, parsed once per keystore (parsing costs ~1 ms). */
const PARSED = new WeakMap<Keystore, pkijs.Certificate>();
function pkijsCertOf(ks: Keystore): pkijs.Certificate {
  let c = PARSED.get(ks);
  if (!c) PARSED.set(ks, (c = pkijs.Certificate.fromBER(ks.certificate.rawData)));
  return c;
}

export async function signWithKeystore(data: ArrayBuffer | ArrayBufferView, ks: Keystore, opts: SignOptions = {}): Promise<Uint8Array> {
  const detached = opts.detached ?? true;
  const content = toAB(data);
  const cert = pkijsCertOf(ks);
  const digest = await crypto.subtle.digest('SHA-256', content);
  const attrs = [
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: OID_DATA })] }),
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
  ];
  const st = opts.signingTime === undefined ? new Date() : opts.signingTime;
  if (st) attrs.push(new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: new Date(Math.floor(st.getTime() / 1000) * 1000) })] }));
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID_DATA,
      ...(detached ? {} : { eContent: new asn1js.OctetString({ valueHex: content }) }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs }),
      }),
    ],
    certificates: [cert, ...(opts.includeChain ? ks.chain.map((c: x509.X509Certificate) => pkijs.Certificate.fromBER(c.rawData)) : [])],
  });
  await sd.sign(ks.key, 0, 'SHA-256', detached ? content : undefined);
  const ci = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: sd.toSchema(true) });
  return new Uint8Array(ci.toSchema().toBER(false));
}

/**
 * Sign `data` with the key of a PKCS#12 keystore (DER bytes or base64).
 * Wrong password → PKI_BAD_PASSWORD; not a keystore → PKI_MALFORMED_KEYSTORE.
 */
export async function signCms(
  data: ArrayBuffer | ArrayBufferView,
  pkcs12: ArrayBuffer | ArrayBufferView | string,
  password: string,
  opts: SignOptions = {},
): Promise<Uint8Array> {
  const der = typeof pkcs12 === 'string' ? decodeBase64(pkcs12) : pkcs12;
  if (!der) throw pkiError('PKI_MALFORMED_KEYSTORE');
  return signWithKeystore(data, await loadPkcs12(der, password), opts);
}
