/**
 * Mirrors the loaded organisations into the `organisations` table at start (under the migration
 * lock, like syncDefinitions): changed ones are updated, new ones inserted, and one no longer in
 * the files is kept and marked retired (staff and applications name it). One statement.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import type { Organisations } from './organisations.ts';

export async function syncOrganisations(q: Queryable, orgs: Organisations): Promise<void> {
  const rows = orgs.list.map((o) => {
    const { file: _file, ...definition } = o;
    const json = JSON.stringify(definition);
    return {
      id: o.id,
      kind: o.kind,
      name: o.name,
      region: o.region,
      district: o.district,
      parent_id: o.parent,
      provides: o.provides,
      front_office: o.frontOfficeFor,
      hours: o.hours,
      definition,
      content_hash: createHash('sha256').update(json).digest('hex'),
    };
  });
  await q.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id text, kind text, name jsonb, region text, district text, parent_id text,
                                                        provides jsonb, front_office jsonb, hours jsonb, definition jsonb, content_hash text)
     ), up AS (
       INSERT INTO organisations AS o (id, kind, name, region, district, parent_id, provides, front_office, hours, definition, content_hash)
       SELECT id, kind, name, region, district, parent_id, provides, front_office, hours, definition, content_hash FROM input
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, region = EXCLUDED.region, district = EXCLUDED.district,
         parent_id = EXCLUDED.parent_id, provides = EXCLUDED.provides, front_office = EXCLUDED.front_office, hours = EXCLUDED.hours,
         definition = EXCLUDED.definition, content_hash = EXCLUDED.content_hash, loaded_at = now(), retired_at = NULL
        WHERE o.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR o.retired_at IS NOT NULL
     )
     UPDATE organisations SET retired_at = now() WHERE retired_at IS NULL AND id NOT IN (SELECT id FROM input)`,
    [JSON.stringify(rows)],
  );
}
