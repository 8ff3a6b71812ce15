/** Public API of the PKI/EDS module. */
export { CertificationAuthority, type CaOptions, type IssueRequest, type IssuedCertificate, REVOCATION_REASONS, type RevocationReason } from './ca.ts';
export { loadPkiConfig, type PkiConfig } from './config.ts';
export { PKI_ERRORS, type EdsCode, type PkiErrorCode } from './error-codes.ts';
export { PkiError, pkiError } from './errors.ts';
export { generateKeyPair, type KeyAlgorithm } from './keys.ts';
export { OcspResponder, queryOcsp } from './ocsp.ts';
export { buildPkcs12, type Keystore, loadPkcs12 } from './pkcs12.ts';
export { type PersonName, POLICY, subjectInfo } from './profile.ts';
export { RevocationChecker, type RevocationMethod } from './revocation.ts';
export { pkiRoutes, type PkiRouteDeps } from './routes.ts';
export { assemblePki, createPki, type Pki } from './service.ts';
export { signCms, signWithKeystore, type SignOptions } from './sign.ts';
export { loadCertificates, TrustStore } from './trust.ts';
export { CmsVerifier, type Purpose, type VerifyOptions, type VerifyResult } from './verify.ts';
