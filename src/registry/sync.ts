/**
 * Mirrors the loaded definition files into service_versions, so every
 * application references (code, version) by foreign key and repealed versions
 * stay queryable. A version that applications already reference is immutable:
 * if its file changed, start-up fails and says to publish a new version instead.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/db.ts';
import type { Registry } from './registry.ts';

export async function syncDefinitions(db: Db, registry: Registry): Promise<void> {
  const rows: Array<[string, number, string, string | null, string, string]> = [];
  for (const code of registry.codes()) {
    for (const d of registry.versions(code)) {
      const json = JSON.stringify(d);
      rows.push([d.code, d.version, d.effectiveFrom, d.effectiveTo ?? null, json, createHash('sha256').update(json).digest('hex')]);
    }
  }
  const stored = await db.query<{ code: string; version: number; content_hash: string; used: boolean }>(
    `SELECT code, version, content_hash,
            EXISTS (SELECT 1 FROM applications a WHERE a.service_code = s.code AND a.service_version = s.version) AS used
       FROM service_versions s`,
  );
  const byKey = new Map(stored.rows.map((r) => [`${r.code}@${r.version}`, r]));
  for (const [code, version, from, to, json, hash] of rows) {
    const prev = byKey.get(`${code}@${version}`);
    if (prev?.content_hash === hash) continue;
    if (prev?.used)
      throw new Error(
        `services/${code}/v${version}.yaml changed after applications were filed under it; publish the change as v${version + 1} instead`,
      );
    await db.query(
      `INSERT INTO service_versions (code, version, effective_from, effective_to, definition, content_hash)
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (code, version) DO UPDATE SET effective_from = EXCLUDED.effective_from, effective_to = EXCLUDED.effective_to,
         definition = EXCLUDED.definition, content_hash = EXCLUDED.content_hash, loaded_at = now()`,
      [code, version, from, to, json, hash],
    );
  }
}
