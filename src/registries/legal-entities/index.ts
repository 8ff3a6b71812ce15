/**
 * Simulated state database of legal entities (ГБД ЮЛ / ЗТ МДБ): entities by BIN with
 * names (kk/ru), legal form, head, address and status. Services: getEntity,
 * findEntitiesByHead. Table gbdul_entities.
 */
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import type { Connector } from '../../gateway/types.ts';
import type { I18n } from '../../registry/types.ts';
import { addressColumns, addressFromRow } from '../address/index.ts';
import type { LegalEntity } from '../catalogue.ts';
import { notFound, ok, simulatedConnector } from '../simulated.ts';

type Row = Record<string, unknown>;

export const NO_SUCH_ENTITY: I18n = {
  kk: 'Заңды тұлғалар туралы мемлекеттік дерекқорда бұл БСН бойынша мәліметтер жоқ.',
  ru: 'В государственной базе данных «Юридические лица» нет сведений по этому БИН.',
  en: 'The state database of legal entities has no record for this BIN.',
};

const SELECT = `SELECT e.*, ${addressColumns('a', 'a_')} FROM gbdul_entities e LEFT JOIN addr_addresses a ON a.id = e.address_id`;

function entityFromRow(r: Row): LegalEntity {
  return {
    bin: r.bin as string,
    name: { kk: r.name_kk as string, ru: r.name_ru as string },
    legalForm: { kk: r.form_kk as string, ru: r.form_ru as string },
    registeredOn: r.registered_on as string,
    head: r.head_iin ? { iin: r.head_iin as string, name: (r.head_name as string) ?? '' } : null,
    address: addressFromRow(r, 'a_'),
    oked: (r.oked as string | null) ?? null,
    status: r.status as LegalEntity['status'],
    liquidatedOn: (r.liquidated_on as string | null) ?? null,
  };
}

export function createLegalEntitiesConnector(db: Db): Connector {
  return simulatedConnector(
    'legal-entities',
    { kk: 'Заңды тұлғалар туралы мемлекеттік дерекқор (ЗТ МДБ)', ru: 'Государственная база данных «Юридические лица» (ГБД ЮЛ)', en: 'State database of legal entities (GBD UL)' },
    db,
    {
      getEntity: {
        idempotent: true,
        schema: z.object({ bin: z.string().regex(/^\d{12}$/, '12 digits') }),
        async handle({ bin }, q) {
          const r = await q.query<Row>(`${SELECT} WHERE e.bin = $1`, [bin], 'gbdul_get_entity');
          return r.rows[0] ? ok(entityFromRow(r.rows[0])) : notFound('NO_SUCH_ENTITY', NO_SUCH_ENTITY);
        },
      },
      findEntitiesByHead: {
        idempotent: true,
        schema: z.object({ iin: z.string().regex(/^\d{12}$/, '12 digits') }),
        subject: (r) => r.iin,
        async handle({ iin }, q) {
          const r = await q.query<Row>(`${SELECT} WHERE e.head_iin = $1 ORDER BY e.registered_on, e.bin`, [iin], 'gbdul_by_head');
          return ok({ iin, entities: r.rows.map(entityFromRow) });
        },
      },
    },
  );
}
