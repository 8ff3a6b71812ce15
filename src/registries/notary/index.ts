/**
 * Simulated unified notary information system (ЕНИС / БНАЖ): powers of attorney with
 * number, principal, representative, scope (service codes or 'any'), validity,
 * notarised flag and revocation. Service: checkPowerOfAttorney. Table enis_powers_of_attorney.
 *
 * Seed digest §2.3 / actors table: a centre checks a POA against the notary system only
 * when it is notarised; a number unknown to the system is "impossible to obtain data"
 * (a not-found result), a known POA that does not fit the request is `valid: false` + reason.
 */
import { z } from 'zod';
import { isIsoDate, localDate } from '../../calendar/time.ts';
import type { Db } from '../../db/db.ts';
import type { Connector } from '../../gateway/types.ts';
import type { I18n } from '../../registry/types.ts';
import type { PoaReason, PowerOfAttorney } from '../catalogue.ts';
import { notFound, ok, simulatedConnector } from '../simulated.ts';

type Row = Record<string, unknown>;

export const NO_SUCH_POA: I18n = {
  kk: 'Бірыңғай нотариаттық ақпараттық жүйеде бұл нөмірлі сенімхат жоқ.',
  ru: 'В единой нотариальной информационной системе нет доверенности с этим номером.',
  en: 'The unified notary information system has no power of attorney with this number.',
};

export const POA_REASONS: Record<PoaReason, I18n> = {
  PRINCIPAL_MISMATCH: { kk: 'Сенімхат басқа сенім білдірушінің атынан берілген.', ru: 'Доверенность выдана от имени другого доверителя.', en: 'The power of attorney was issued by another principal.' },
  REPRESENTATIVE_MISMATCH: { kk: 'Сенімхат басқа өкілге берілген.', ru: 'Доверенность выдана другому представителю.', en: 'The power of attorney was issued to another representative.' },
  NOT_NOTARISED: { kk: 'Сенімхат нотариалды куәландырылмаған.', ru: 'Доверенность не удостоверена нотариально.', en: 'The power of attorney is not notarised.' },
  REVOKED: { kk: 'Сенімхаттың күші жойылған.', ru: 'Доверенность отменена.', en: 'The power of attorney has been revoked.' },
  NOT_YET_VALID: { kk: 'Сенімхат әлі күшіне енбеген.', ru: 'Доверенность ещё не вступила в силу.', en: 'The power of attorney is not in force yet.' },
  EXPIRED: { kk: 'Сенімхаттың мерзімі өтіп кеткен.', ru: 'Срок действия доверенности истёк.', en: 'The power of attorney has expired.' },
  OUT_OF_SCOPE: { kk: 'Сенімхат бұл мемлекеттік қызметке өкілеттік бермейді.', ru: 'Доверенность не даёт полномочий на эту государственную услугу.', en: 'The power of attorney does not cover this state service.' },
};

function poaFromRow(r: Row): PowerOfAttorney {
  const scope = r.scope as string[];
  return {
    number: r.number as string,
    principalIin: r.principal_id as string,
    representativeIin: r.representative_iin as string,
    scope: scope.includes('any') ? 'any' : scope,
    validFrom: r.valid_from as string,
    validTo: r.valid_to as string,
    notarised: r.notarised as boolean,
    notary: (r.notary_name as string | null) ?? null,
    issuedOn: r.issued_on as string,
    revokedOn: (r.revoked_on as string | null) ?? null,
  };
}

const id12 = z.string().regex(/^\d{12}$/, '12 digits');

export function createNotaryConnector(db: Db): Connector {
  return simulatedConnector(
    'notary',
    { kk: 'Бірыңғай нотариаттық ақпараттық жүйе (БНАЖ)', ru: 'Единая нотариальная информационная система (ЕНИС)', en: 'Unified notary information system (ENIS)' },
    db,
    {
      checkPowerOfAttorney: {
        idempotent: true,
        schema: z.object({
          number: z.string().min(1).max(64),
          principalIin: id12,
          representativeIin: id12,
          serviceCode: z.string().min(1).max(100),
          on: z.string().refine(isIsoDate, 'YYYY-MM-DD').optional(),
        }),
        subject: (r) => r.principalIin,
        async handle(req, q) {
          const r = await q.query<Row>('SELECT * FROM enis_powers_of_attorney WHERE number = $1', [req.number.trim()], 'enis_get_poa');
          const row = r.rows[0];
          if (!row) return notFound('NO_SUCH_POA', NO_SUCH_POA);
          const poa = poaFromRow(row);
          const on = req.on ?? localDate(new Date());
          const fail = (reason: PoaReason, reveal: boolean) => ok({ valid: false, reason, message: POA_REASONS[reason], poa: reveal ? poa : null });
          // Never reveal someone else's POA to a requester that does not match it.
          if (poa.principalIin !== req.principalIin) return fail('PRINCIPAL_MISMATCH', false);
          if (poa.representativeIin !== req.representativeIin) return fail('REPRESENTATIVE_MISMATCH', false);
          if (!poa.notarised) return fail('NOT_NOTARISED', true);
          if (poa.revokedOn && poa.revokedOn <= on) return fail('REVOKED', true);
          if (on < poa.validFrom) return fail('NOT_YET_VALID', true);
          if (on > poa.validTo) return fail('EXPIRED', true);
          if (poa.scope !== 'any' && !poa.scope.includes(req.serviceCode)) return fail('OUT_OF_SCOPE', true);
          return ok({ valid: true, reason: null, message: null, poa });
        },
      },
    },
  );
}
