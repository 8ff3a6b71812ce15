/**
 * CMS SignedData in the browser (pkijs over WebCrypto), the same structure as the server's
 * src/pki/sign.ts and NCALayer's createCAdESFromBase64: detached, SHA-256, signed attributes
 * contentType + messageDigest + signingTime, the signer's certificate included.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toAB } from './bytes.ts';
import type { Keystore } from './keystore.ts';

const OID_DATA = '1.2.840.113549.1.7.1';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

/** DER of a detached CMS signature over `data` made with the keystore's key. */
export async function signDetached(data: Uint8Array, ks: Keystore, signingTime = new Date()): Promise<Uint8Array> {
  const content = toAB(data);
  const digest = await crypto.subtle.digest('SHA-256', content);
  const attrs = [
    new pkijs.Attribute({ type: OID_CONTENT_TYPE, values: [new asn1js.ObjectIdentifier({ value: OID_DATA })] }),
    new pkijs.Attribute({ type: OID_MESSAGE_DIGEST, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: OID_SIGNING_TIME, values: [new asn1js.UTCTime({ valueDate: new Date(Math.floor(signingTime.getTime() / 1000) * 1000) })] }),
  ];
  const cert = ks.certificate;
  const sd = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID_DATA }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs }),
      }),
    ],
    certificates: [cert],
  });
  await sd.sign(ks.key, 0, 'SHA-256', content);
  const ci = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: sd.toSchema(true) });
  return new Uint8Array(ci.toSchema().toBER(false));
}
