/**
 * PKI configuration from the environment (12-factor, like src/config.ts).
 *
 *   PKI_BASE_URL            public base URL of this server; certificates point to
 *                           <base>/pki/ocsp, <base>/pki/crl, <base>/pki/ca/issuing.cer
 *                           (default http://localhost:$PORT)
 *   PKI_CA_SECRET           passphrase that encrypts the CA private keys at rest (≥ 16 chars).
 *                           Unset: with DEMO on, a fixed demo passphrase; otherwise the CA
 *                           is disabled (issuing answers 503) and only verification works.
 *   PKI_CA_ALGORITHM        ecdsa (default, P-256) | rsa (2048) — the CA's own keys
 *   PKI_CA_NAME             organisation in the CA names (default "Qyzmet")
 *   PKI_TRUSTED_ROOTS       comma-separated PEM/DER files or directories of trusted roots
 *                           (e.g. the national CA's root certificates)
 *   PKI_INTERMEDIATES       comma-separated files/directories of intermediate CA certificates
 *                           used to complete chains (signatures often carry only the signer)
 *   PKI_TRUST_OWN_ROOT      trust this deployment's own test root (default: on when DEMO, else off)
 *   PKI_REVOCATION          order of revocation methods: db,ocsp,crl (default). Certificates of
 *                           this deployment's CA are always checked in its database (db), on
 *                           every verification; the list orders the methods for outside CAs.
 *   PKI_REVOCATION_CACHE_SECONDS  how long an outside CA's revocation answer is reused (default 300)
 *   PKI_REVOCATION_SOFT_FAIL      accept when no method could answer (default off: fail closed)
 *   PKI_CRL_VALIDITY_HOURS  nextUpdate of the CRLs this CA publishes (default 24)
 *   PKI_KEYSTORE_ITERATIONS PBKDF2/MAC iterations of issued PKCS#12 files (default 10000)
 */
import type { RevocationMethod } from './revocation.ts';

export interface PkiConfig {
  baseUrl: string;
  caSecret: string | null;
  caAlgorithm: 'ecdsa' | 'rsa';
  caName: string;
  trustedRoots: string[];
  intermediates: string[];
  trustOwnRoot: boolean;
  revocation: RevocationMethod[];
  revocationCacheSeconds: number;
  revocationSoftFail: boolean;
  crlValidityHours: number;
  keystoreIterations: number;
}

/** Used only when DEMO is on and PKI_CA_SECRET is unset: demo CA keys are not secret. */
export const DEMO_CA_SECRET = 'qyzmet-demo-ca-not-a-secret';

const bool = (v: string | undefined, dflt: boolean) =>
  v === undefined || v === '' ? dflt : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function loadPkiConfig(env: NodeJS.ProcessEnv = process.env): PkiConfig {
  const demo = bool(env.DEMO, true);
  const methods = list(env.PKI_REVOCATION || 'db,ocsp,crl').filter((m): m is RevocationMethod => m === 'db' || m === 'ocsp' || m === 'crl');
  const secret = env.PKI_CA_SECRET?.trim() || (demo ? DEMO_CA_SECRET : null);
  if (secret && secret.length < 16) throw new Error('PKI_CA_SECRET must be at least 16 characters');
  return {
    baseUrl: (env.PKI_BASE_URL || `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
    caSecret: secret,
    caAlgorithm: env.PKI_CA_ALGORITHM === 'rsa' ? 'rsa' : 'ecdsa',
    caName: env.PKI_CA_NAME || 'Qyzmet',
    trustedRoots: list(env.PKI_TRUSTED_ROOTS),
    intermediates: list(env.PKI_INTERMEDIATES),
    trustOwnRoot: bool(env.PKI_TRUST_OWN_ROOT, demo),
    revocation: methods.length ? methods : ['db', 'ocsp', 'crl'],
    revocationCacheSeconds: Number(env.PKI_REVOCATION_CACHE_SECONDS ?? 300),
    revocationSoftFail: bool(env.PKI_REVOCATION_SOFT_FAIL, false),
    crlValidityHours: Number(env.PKI_CRL_VALIDITY_HOURS ?? 24),
    keystoreIterations: Number(env.PKI_KEYSTORE_ITERATIONS ?? 10_000),
  };
}
