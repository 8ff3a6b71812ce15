/**
 * Simulated state database of individuals (ГБД ФЛ / ЖТ МДБ): persons by IIN, their
 * registered address history and family links. Services: getPerson, getFamily,
 * getAddressHistory. Tables gbdfl_*; addresses are references into the address register.
 */
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import type { Connector } from '../../gateway/types.ts';
import type { Region } from '../../regions.ts';
import type { I18n } from '../../registry/types.ts';
import { addressColumns, addressFromRow } from '../address/index.ts';
import type { FamilyMember, PersonRecord, Registration } from '../catalogue.ts';
import { notFound, ok, simulatedConnector } from '../simulated.ts';

type Row = Record<string, unknown>;

export const NO_SUCH_PERSON: I18n = {
  kk: 'Жеке тұлғалар туралы мемлекеттік дерекқорда бұл ЖСН бойынша мәліметтер жоқ.',
  ru: 'В государственной базе данных «Физические лица» нет сведений по этому ИИН.',
  en: 'The state database of individuals has no record for this IIN.',
};

const iinSchema = z.object({ iin: z.string().regex(/^\d{12}$/, '12 digits') });

/** The hot lookup (also the bench baseline): the person and the current permanent address. */
export const GET_PERSON_SQL = `SELECT p.iin, p.surname, p.given_name, p.patronymic, p.birth_surname, p.birth_date, p.sex, p.birth_country,
  p.birth_region, p.birth_locality, p.citizenship, p.nationality, p.death_date, ${addressColumns('a', 'a_')}
FROM gbdfl_persons p
LEFT JOIN LATERAL (
  SELECT r.address_id FROM gbdfl_registrations r
  WHERE r.iin = p.iin AND r.kind = 'permanent' AND r.registered_to IS NULL
  ORDER BY r.registered_from DESC LIMIT 1
) cur ON true
LEFT JOIN addr_addresses a ON a.id = cur.address_id
WHERE p.iin = $1`;

const sexOf = (s: unknown) => (s === 'F' ? 'female' : 'male') as 'male' | 'female';

export function personFromRow(r: Row): PersonRecord {
  return {
    iin: r.iin as string,
    surname: r.surname as string,
    givenName: r.given_name as string,
    patronymic: (r.patronymic as string | null) ?? null,
    birthSurname: (r.birth_surname as string | null) ?? null,
    birthDate: r.birth_date as string,
    sex: sexOf(r.sex),
    birthPlace: { country: r.birth_country as string, region: (r.birth_region as Region | null) ?? null, locality: (r.birth_locality as string | null) ?? null },
    citizenship: r.citizenship as string,
    nationality: (r.nationality as string | null) ?? null,
    deathDate: (r.death_date as string | null) ?? null,
    alive: r.death_date == null,
    address: addressFromRow(r, 'a_'),
  };
}

const FAMILY_SQL = `SELECT l.relation, l.basis, l.since, l.until, p.iin, p.surname, p.given_name, p.patronymic, p.birth_date, p.sex, p.death_date
  FROM gbdfl_family_links l JOIN gbdfl_persons p ON p.iin = l.relative_iin WHERE l.iin = $1
UNION ALL
SELECT 'child', l.basis, l.since, l.until, p.iin, p.surname, p.given_name, p.patronymic, p.birth_date, p.sex, p.death_date
  FROM gbdfl_family_links l JOIN gbdfl_persons p ON p.iin = l.iin WHERE l.relative_iin = $1 AND l.relation IN ('mother', 'father')`;

const HISTORY_SQL = `SELECT r.kind, r.registered_from, r.registered_to, ${addressColumns('a', 'a_')}
FROM gbdfl_registrations r JOIN addr_addresses a ON a.id = r.address_id
WHERE r.iin = $1 ORDER BY r.registered_from, r.kind`;

export function createPersonsConnector(db: Db): Connector {
  const exists = async (q: { query: Db['query'] }, iin: string) =>
    (await q.query('SELECT 1 FROM gbdfl_persons WHERE iin = $1', [iin], 'gbdfl_exists')).rows.length > 0;
  return simulatedConnector(
    'persons',
    { kk: 'Жеке тұлғалар туралы мемлекеттік дерекқор (ЖТ МДБ)', ru: 'Государственная база данных «Физические лица» (ГБД ФЛ)', en: 'State database of individuals (GBD FL)' },
    db,
    {
      getPerson: {
        idempotent: true,
        schema: iinSchema,
        subject: (r) => r.iin,
        async handle({ iin }, q) {
          const r = await q.query<Row>(GET_PERSON_SQL, [iin], 'gbdfl_get_person');
          return r.rows[0] ? ok(personFromRow(r.rows[0])) : notFound('NO_SUCH_PERSON', NO_SUCH_PERSON);
        },
      },
      getFamily: {
        idempotent: true,
        schema: iinSchema,
        subject: (r) => r.iin,
        async handle({ iin }, q) {
          if (!(await exists(q, iin))) return notFound('NO_SUCH_PERSON', NO_SUCH_PERSON);
          const rows = (await q.query<Row>(FAMILY_SQL, [iin], 'gbdfl_get_family')).rows;
          const member = (r: Row): FamilyMember => ({
            iin: r.iin as string,
            relation: r.relation as FamilyMember['relation'],
            basis: r.basis as FamilyMember['basis'],
            surname: r.surname as string,
            givenName: r.given_name as string,
            patronymic: (r.patronymic as string | null) ?? null,
            birthDate: r.birth_date as string,
            sex: sexOf(r.sex),
            alive: r.death_date == null,
            since: (r.since as string | null) ?? null,
            until: (r.until as string | null) ?? null,
            current: r.until == null && r.death_date == null,
          });
          const all = rows.map(member).sort((a, b) => a.birthDate.localeCompare(b.birthDate) || a.iin.localeCompare(b.iin));
          return ok({
            iin,
            parents: all.filter((m) => m.relation === 'mother' || m.relation === 'father'),
            children: all.filter((m) => m.relation === 'child'),
            spouses: all.filter((m) => m.relation === 'spouse').sort((a, b) => (a.since ?? '').localeCompare(b.since ?? '')),
          });
        },
      },
      getAddressHistory: {
        idempotent: true,
        schema: iinSchema,
        subject: (r) => r.iin,
        async handle({ iin }, q) {
          if (!(await exists(q, iin))) return notFound('NO_SUCH_PERSON', NO_SUCH_PERSON);
          const rows = (await q.query<Row>(HISTORY_SQL, [iin], 'gbdfl_address_history')).rows;
          const registrations: Registration[] = rows.map((r) => ({
            kind: r.kind as Registration['kind'],
            from: r.registered_from as string,
            to: (r.registered_to as string | null) ?? null,
            current: r.registered_to == null,
            address: addressFromRow(r, 'a_') as NonNullable<ReturnType<typeof addressFromRow>>,
          }));
          return ok({ iin, registrations });
        },
      },
    },
  );
}
