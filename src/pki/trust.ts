/**
 * Trust configuration and certification-path building.
 *
 * Trusted roots and known intermediates are configuration (PEM or DER files, or
 * directories of them), so a deployment can trust the national CA (НУЦ РК) roots
 * instead of — or besides — its own test root. A path is built from the signer's
 * certificate through intermediates (from the signature itself or from the
 * configuration) to a trusted root, checking at every step: issuer name, key
 * identifiers, the issuer's signature, CA flag, keyCertSign and pathLen.
 * Validity periods and revocation are checked by the verifier (they depend on time).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAsn1, pemBlocks, sha256hex, toAB, x509 } from './engine.ts';

const MAX_DEPTH = 8;

export function certsFromBytes(bytes: Buffer): x509.X509Certificate[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN')) return pemBlocks(text).filter((b) => b.label === 'CERTIFICATE').map((b) => new x509.X509Certificate(toAB(b.der)));
  return parseAsn1(bytes) ? [new x509.X509Certificate(toAB(bytes))] : [];
}

/** Certificates from files and directories (*.pem, *.crt, *.cer, *.der; PEM bundles allowed). */
export function loadCertificates(paths: string[]): x509.X509Certificate[] {
  const out: x509.X509Certificate[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (/\.(pem|crt|cer|der)$/i.test(f)) out.push(...certsFromBytes(readFileSync(join(p, f))));
    } else out.push(...certsFromBytes(readFileSync(p)));
  }
  return out;
}

const nameKey = (n: x509.Name) => n.toString().toLowerCase();
const fp = new WeakMap<x509.X509Certificate, string>();
export function fingerprint(c: x509.X509Certificate): string {
  let f = fp.get(c);
  if (!f) {
    f = sha256hex(c.rawData);
    fp.set(c, f);
  }
  return f;
}

export const isCaCert = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;

export class TrustStore {
  private readonly roots = new Map<string, x509.X509Certificate>();
  private readonly bySubject = new Map<string, x509.X509Certificate[]>();
  private readonly sigOk = new Map<string, boolean>();
  /** Bumped on every change so that callers can key caches on it. */
  generation = 0;

  constructor(roots: x509.X509Certificate[] = [], intermediates: x509.X509Certificate[] = []) {
    for (const r of roots) this.addRoot(r);
    for (const i of intermediates) this.addIntermediate(i);
  }

  static fromFiles(rootPaths: string[], intermediatePaths: string[] = []): TrustStore {
    return new TrustStore(loadCertificates(rootPaths), loadCertificates(intermediatePaths));
  }

  private index(c: x509.X509Certificate) {
    const k = nameKey(c.subjectName);
    const list = this.bySubject.get(k) ?? [];
    if (!list.some((x) => fingerprint(x) === fingerprint(c))) list.push(c);
    this.bySubject.set(k, list);
    this.generation++;
  }

  addRoot(c: x509.X509Certificate | string): void {
    const cert = typeof c === 'string' ? new x509.X509Certificate(c) : c;
    this.roots.set(fingerprint(cert), cert);
    this.index(cert);
  }

  addIntermediate(c: x509.X509Certificate | string): void {
    const cert = typeof c === 'string' ? new x509.X509Certificate(c) : c;
    if (isCaCert(cert)) this.index(cert);
  }

  get trustedRoots(): x509.X509Certificate[] {
    return [...this.roots.values()];
  }

  isTrustedRoot(c: x509.X509Certificate): boolean {
    return this.roots.has(fingerprint(c));
  }

  private async signedBy(child: x509.X509Certificate, parent: x509.X509Certificate): Promise<boolean> {
    const k = `${fingerprint(child)}>${fingerprint(parent)}`;
    let ok = this.sigOk.get(k);
    if (ok === undefined) {
      try {
        ok = await child.verify({ publicKey: parent.publicKey, signatureOnly: true });
      } catch {
        ok = false;
      }
      if (this.sigOk.size > 50_000) this.sigOk.clear();
      this.sigOk.set(k, ok);
    }
    return ok;
  }

  /**
   * A path [leaf, …, trusted root] or null when the leaf does not chain to a trusted
   * root. `extra` are certificates that came with the signature (untrusted helpers).
   */
  async buildPath(leaf: x509.X509Certificate, extra: x509.X509Certificate[] = []): Promise<x509.X509Certificate[] | null> {
    const extraBySubject = new Map<string, x509.X509Certificate[]>();
    for (const c of extra) {
      if (!isCaCert(c)) continue;
      const k = nameKey(c.subjectName);
      extraBySubject.set(k, [...(extraBySubject.get(k) ?? []), c]);
    }
    const walk = async (path: x509.X509Certificate[]): Promise<x509.X509Certificate[] | null> => {
      const cur = path[path.length - 1] as x509.X509Certificate;
      if (path.length > 1 && this.isTrustedRoot(cur)) return path;
      if (path.length > MAX_DEPTH) return null;
      const k = nameKey(cur.issuerName);
      const aki = cur.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId?.toLowerCase();
      const seen = new Set(path.map(fingerprint));
      const candidates = [...(this.bySubject.get(k) ?? []), ...(extraBySubject.get(k) ?? [])].filter((c, i, all) => {
        const f = fingerprint(c);
        return !seen.has(f) && all.findIndex((x) => fingerprint(x) === f) === i;
      });
      // Trusted roots first, then matching key identifiers.
      candidates.sort((a, b) => Number(this.isTrustedRoot(b)) - Number(this.isTrustedRoot(a)));
      for (const cand of candidates) {
        const ski = cand.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId?.toLowerCase();
        if (aki && ski && aki !== ski) continue;
        const trusted = this.isTrustedRoot(cand);
        if (!trusted) {
          if (!isCaCert(cand)) continue;
          const ku = cand.getExtension(x509.KeyUsagesExtension);
          if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) continue;
        }
        // pathLen: the number of intermediate CA certificates below this one.
        const pl = cand.getExtension(x509.BasicConstraintsExtension)?.pathLength;
        if (pl !== undefined && path.length - 1 > pl) continue;
        if (!(await this.signedBy(cur, cand))) continue;
        const r = await walk([...path, cand]);
        if (r) return r;
      }
      return null;
    };
    // A trusted root used directly as a signer certificate is not an EDS certificate.
    if (this.isTrustedRoot(leaf) && isCaCert(leaf)) return null;
    return walk([leaf]);
  }
}
