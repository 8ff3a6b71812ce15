/**
 * Simulated address register (адресный регистр): addresses with a stable id; persons'
 * registrations and legal entities point at them. Service: getAddress.
 */
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import type { Connector } from '../../gateway/types.ts';
import { REGIONS, type Region } from '../../regions.ts';
import type { Address } from '../catalogue.ts';
import { notFound, ok, simulatedConnector } from '../simulated.ts';
import { latinName } from './latin.ts';

export const ADDRESS_SYSTEM = 'address';

/** Columns of addr_addresses aliased with a prefix, for joins in the other simulators. */
export const addressColumns = (alias: string, p: string) =>
  ['id', 'region', 'district_kk', 'district_ru', 'locality_kk', 'locality_ru', 'locality_kind', 'street_kk', 'street_ru', 'house', 'flat']
    .map((c) => `${alias}.${c} AS ${p}${c}`)
    .join(', ');

type Row = Record<string, unknown>;

const CITY_REGIONS = new Set<Region>(['astana', 'almaty', 'shymkent']);

export function formatAddress(a: Omit<Address, 'text' | 'regionName'>): Address['text'] {
  const region = REGIONS[a.region];
  const city = a.localityKind === 'city';
  const kk: string[] = [];
  const ru: string[] = [];
  // English: most specific first, in Latin letters ("12 Abai Avenue, flat 3, Pavlodar, Pavlodar region").
  const en: string[] = [`${a.street ? `${a.house} ${latinName(a.street.kk)}` : `house ${a.house}`}${a.flat ? `, flat ${a.flat}` : ''}`];
  if (a.district) en.push(latinName(a.district.kk));
  en.push(city ? latinName(a.locality.kk) : `${latinName(a.locality.kk)} village`);
  if (!CITY_REGIONS.has(a.region)) en.push(region.en);
  if (!CITY_REGIONS.has(a.region)) {
    kk.push(region.kk);
    ru.push(region.ru);
  }
  kk.push(`${a.locality.kk} ${city ? 'қаласы' : 'ауылы'}`);
  ru.push(`${city ? 'г.' : 'с.'} ${a.locality.ru}`);
  if (a.district) {
    kk.push(a.district.kk);
    ru.push(a.district.ru);
  }
  if (a.street) {
    kk.push(a.street.kk);
    ru.push(a.street.ru);
  }
  kk.push(`${a.house} үй`);
  ru.push(`д. ${a.house}`);
  if (a.flat) {
    kk.push(`${a.flat} пәтер`);
    ru.push(`кв. ${a.flat}`);
  }
  return { kk: kk.join(', '), ru: ru.join(', '), en: en.join(', ') };
}

/** An Address from a row whose address columns carry the prefix `p` (null when the id is null). */
export function addressFromRow(r: Row, p: string): Address | null {
  if (r[`${p}id`] == null) return null;
  const region = r[`${p}region`] as Region;
  const s = (k: string) => (r[`${p}${k}`] as string | null) ?? null;
  const base = {
    id: Number(r[`${p}id`]),
    region,
    district: s('district_kk') ? { kk: s('district_kk') as string, ru: s('district_ru') as string } : null,
    locality: { kk: s('locality_kk') as string, ru: s('locality_ru') as string },
    localityKind: s('locality_kind') as 'city' | 'village',
    street: s('street_kk') ? { kk: s('street_kk') as string, ru: s('street_ru') as string } : null,
    house: s('house') as string,
    flat: s('flat'),
  };
  return { ...base, regionName: REGIONS[region] ?? { kk: region, ru: region, en: region }, text: formatAddress(base) };
}

const GET_ADDRESS_SQL = `SELECT ${addressColumns('a', '')} FROM addr_addresses a WHERE a.id = $1`;

export function createAddressConnector(db: Db): Connector {
  return simulatedConnector(
    'address',
    { kk: 'Мекенжай тіркелімі', ru: 'Адресный регистр', en: 'Address register' },
    db,
    {
      getAddress: {
        idempotent: true,
        schema: z.object({ id: z.number().int().positive() }),
        async handle({ id }, q) {
          const r = await q.query<Row>(GET_ADDRESS_SQL, [id], 'addr_get_address');
          const a = r.rows[0] ? addressFromRow(r.rows[0], '') : null;
          return a ? ok(a) : notFound('NO_SUCH_ADDRESS');
        },
      },
    },
  );
}
