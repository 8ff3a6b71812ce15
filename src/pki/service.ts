/**
 * Wiring: one `Pki` per process — the CA (when configured), the OCSP responder,
 * the trust store, the cached revocation checker and the CMS verifier.
 */
import type { Db } from '../db/db.ts';
import { CertificationAuthority } from './ca.ts';
import type { PkiConfig } from './config.ts';
import { OcspResponder } from './ocsp.ts';
import { RevocationChecker } from './revocation.ts';
import { TrustStore } from './trust.ts';
import { CmsVerifier } from './verify.ts';

export interface Pki {
  config: PkiConfig;
  /** null when PKI_CA_SECRET is not configured (verification still works). */
  ca: CertificationAuthority | null;
  ocsp: OcspResponder | null;
  trust: TrustStore;
  revocation: RevocationChecker;
  verifier: CmsVerifier;
}

export interface PkiDeps {
  db: Db;
  config: PkiConfig;
  /** Use this CA instead of loading/creating the persisted one (tests). */
  ca?: CertificationAuthority | null;
  /** For OCSP/CRL fetches of foreign CAs (tests). */
  fetch?: typeof fetch;
}

export async function createPki(deps: PkiDeps): Promise<Pki> {
  const { config, db } = deps;
  const ca =
    deps.ca !== undefined
      ? deps.ca
      : config.caSecret
        ? await CertificationAuthority.loadOrCreate(db, config.caSecret, {
            baseUrl: config.baseUrl,
            name: config.caName,
            algorithm: config.caAlgorithm,
            crlValidityHours: config.crlValidityHours,
            keystoreIterations: config.keystoreIterations,
          })
        : null;
  return assemblePki(config, ca, deps.fetch);
}

/** Build the verification side around an existing (or no) CA. */
export function assemblePki(config: PkiConfig, ca: CertificationAuthority | null, fetchImpl?: typeof fetch): Pki {
  const trust = TrustStore.fromFiles(config.trustedRoots, config.intermediates);
  if (ca) {
    if (config.trustOwnRoot) trust.addRoot(ca.root);
    // Signatures usually carry only the signer certificate: complete chains with our issuing CA.
    trust.addIntermediate(ca.issuing);
  }
  const revocation = new RevocationChecker({
    methods: config.revocation,
    cacheTtlMs: config.revocationCacheSeconds * 1000,
    ownCa: ca ? { isOwnIssuer: (k) => ca.isOwnIssuer(k), status: (s) => ca.status(s) } : null,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  ca?.onRevoke((serial) => revocation.invalidate(serial));
  const verifier = new CmsVerifier({ trust, revocation, softFail: config.revocationSoftFail });
  const ocsp = ca ? new OcspResponder({ issuer: ca.issuing, issuerKey: ca.issuingKey, lookup: (s) => ca.status(s) }) : null;
  return { config, ca, ocsp, trust, revocation, verifier };
}
