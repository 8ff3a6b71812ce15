/**
 * Simulated civil-registry information system (ИС «ЗАГС» / «АХАЖ» АЖ): act records of
 * birth, marriage, divorce, death, paternity, adoption and name change, with act number,
 * date, registering body and participants by IIN and role. Tables zags_*.
 *
 * Date cut-offs (seed digest §2.26): the electronic registry holds records since 2008, and
 * birth records since 13 August 2007. Older records exist on paper only: they are flagged
 * `electronic = false` and a lookup says "not in the electronic registry".
 *
 * Services: findActs(iin, kind?), checkRelationship(applicantIin, subjectIin) → 'child' |
 * 'spouse' | null with the reason (S4: the system checks the IIN is really your child — birth
 * record made on or after 13 Aug 2007; spouse only when married in 2008 or later), and the
 * write registerAct (not idempotent: the gateway never retries it).
 */
import { z } from 'zod';
import { isIsoDate } from '../../calendar/time.ts';
import type { Db } from '../../db/db.ts';
import type { Connector } from '../../gateway/types.ts';
import type { I18n } from '../../registry/types.ts';
import type { ActKind, ActRecord, ActRole, RelationshipCheck, RelationshipReason } from '../catalogue.ts';
import { notFound, ok, simulatedConnector } from '../simulated.ts';

type Row = Record<string, unknown>;

/** Birth records are electronic from this date on (the "registration point" IS). */
export const ELECTRONIC_BIRTHS_FROM = '2007-08-13';
/** Every other act record is electronic from this date on. */
export const ELECTRONIC_RECORDS_FROM = '2008-01-01';

export const isElectronicRecord = (kind: ActKind, actDate: string): boolean =>
  actDate >= (kind === 'birth' ? ELECTRONIC_BIRTHS_FROM : ELECTRONIC_RECORDS_FROM);

export const ACT_KINDS: ActKind[] = ['birth', 'marriage', 'divorce', 'death', 'paternity', 'adoption', 'name_change'];
export const ACT_ROLES: ActRole[] = ['child', 'mother', 'father', 'husband', 'wife', 'deceased', 'adoptee', 'adoptive_mother', 'adoptive_father', 'person', 'applicant'];
export const ACT_KIND_CODE: Record<ActKind, string> = { birth: 'B', marriage: 'M', divorce: 'D', death: 'X', paternity: 'P', adoption: 'A', name_change: 'N' };

export const NO_ACT_RECORD: I18n = {
  kk: 'Азаматтық хал актілерінің электрондық тізілімінде жазба жоқ.',
  ru: 'В электронном реестре актов гражданского состояния записи нет.',
  en: 'The electronic civil-status registry has no record.',
};

export const NOT_IN_ELECTRONIC_REGISTRY: I18n = {
  kk: 'Акт жазбасы электрондық тізілімге дейін (2008 жылға дейін) жасалған, тек қағаз түрінде бар: куәлікті ұсыну қажет.',
  ru: 'Запись акта составлена до электронного реестра (до 2008 года) и существует только на бумаге: необходимо представить свидетельство.',
  en: 'The act record predates the electronic registry (before 2008) and exists on paper only: the certificate must be presented.',
};

export const RELATIONSHIP_REASONS: Record<RelationshipReason, I18n> = {
  SAME_PERSON: { kk: 'ЖСН өтініш берушінің өзінікі.', ru: 'ИИН принадлежит самому заявителю.', en: "The IIN is the applicant's own." },
  NO_RECORD: {
    kk: 'Азаматтық хал актілерінің тізілімінде бұл адаммен туыстық байланыс туралы жазба жоқ.',
    ru: 'В реестре актов гражданского состояния нет записи о родстве с этим человеком.',
    en: 'The civil-status registry holds no record of a relation to this person.',
  },
  BIRTH_RECORD_BEFORE_CUTOFF: {
    kk: 'Баланың туу туралы акт жазбасы 2007 жылғы 13 тамызға дейін жасалған, электрондық тізілімде жоқ: туу туралы куәлікті ұсыну қажет.',
    ru: 'Запись акта о рождении ребёнка составлена до 13 августа 2007 года и отсутствует в электронном реестре: необходимо представить свидетельство о рождении.',
    en: "The child's birth record was made before 13 August 2007 and is not in the electronic registry: the birth certificate must be presented.",
  },
  MARRIAGE_BEFORE_2008: {
    kk: 'Неке 2008 жылға дейін тіркелген, электрондық тізілімде жоқ: неке туралы куәлікті ұсыну қажет.',
    ru: 'Брак зарегистрирован до 2008 года и отсутствует в электронном реестре: необходимо представить свидетельство о браке.',
    en: 'The marriage was registered before 2008 and is not in the electronic registry: the marriage certificate must be presented.',
  },
  DIVORCED: { kk: 'Неке бұзылған.', ru: 'Брак расторгнут.', en: 'The marriage has been dissolved.' },
  SPOUSE_DECEASED: { kk: 'Неке ерлі-зайыптылардың бірінің қайтыс болуына байланысты тоқтатылған.', ru: 'Брак прекращён в связи со смертью одного из супругов.', en: 'The marriage ended with the death of a spouse.' },
};

const ACT_SQL = `SELECT a.id, a.kind, a.act_number, a.act_date, a.registering_body, a.electronic, a.details,
  (SELECT json_agg(json_build_object('iin', x.iin, 'role', x.role) ORDER BY x.role, x.iin) FROM zags_participants x WHERE x.act_id = a.id) AS participants
FROM zags_participants p JOIN zags_acts a ON a.id = p.act_id
WHERE p.iin = $1 AND ($2::text IS NULL OR a.kind = $2::text)
ORDER BY a.act_date, a.id`;

const CHILD_SQL = `SELECT a.id, a.kind, a.act_number, a.act_date, a.electronic, pa.iin AS p_iin, pa.role AS p_role
FROM zags_participants ps
JOIN zags_acts a ON a.id = ps.act_id
JOIN zags_participants pa ON pa.act_id = a.id
WHERE ps.iin = $1 AND ps.role IN ('child', 'adoptee') AND a.kind IN ('birth', 'paternity', 'adoption')
ORDER BY a.act_date, a.id`;

const COUPLE_SQL = `SELECT a.id, a.kind, a.act_number, a.act_date, a.electronic
FROM zags_participants x
JOIN zags_participants y ON y.act_id = x.act_id AND y.iin = $2
JOIN zags_acts a ON a.id = x.act_id
WHERE x.iin = $1 AND a.kind IN ('marriage', 'divorce')
ORDER BY a.act_date, a.id`;

const DEATH_SQL = `SELECT min(a.act_date) AS d FROM zags_participants p JOIN zags_acts a ON a.id = p.act_id
WHERE p.iin IN ($1, $2) AND a.kind = 'death'`;

type ActRef = RelationshipCheck['act'];
const ref = (r: Row): NonNullable<ActRef> => ({ kind: r.kind as ActKind, actNumber: r.act_number as string, actDate: r.act_date as string, electronic: r.electronic as boolean });
const answer = (relation: RelationshipCheck['relation'], reason: RelationshipReason | null, act: ActRef): RelationshipCheck => ({
  relation,
  reason,
  message: reason ? RELATIONSHIP_REASONS[reason] : null,
  act,
});

const iin = z.string().regex(/^\d{12}$/, '12 digits');

export function createCivilRegistryConnector(db: Db): Connector {
  return simulatedConnector(
    'civil-registry',
    { kk: '«АХАЖ» ақпараттық жүйесі', ru: 'Информационная система «ЗАГС»', en: 'Civil-registry information system (ZAGS)' },
    db,
    {
      findActs: {
        idempotent: true,
        schema: z.object({ iin, kind: z.enum(ACT_KINDS as [ActKind, ...ActKind[]]).optional() }),
        subject: (r) => r.iin,
        async handle(req, q) {
          const rows = (await q.query<Row>(ACT_SQL, [req.iin, req.kind ?? null], 'zags_find_acts')).rows;
          if (!rows.length) return notFound('NO_RECORD', NO_ACT_RECORD);
          const electronic = rows.filter((r) => r.electronic === true);
          if (!electronic.length) return notFound('NOT_IN_ELECTRONIC_REGISTRY', NOT_IN_ELECTRONIC_REGISTRY);
          const acts: ActRecord[] = electronic.map((r) => ({
            id: Number(r.id),
            kind: r.kind as ActKind,
            actNumber: r.act_number as string,
            actDate: r.act_date as string,
            registeringBody: r.registering_body as string,
            participants: ((r.participants as Array<{ iin: string; role: ActRole }>) ?? []).map((p) => ({ iin: p.iin.trim(), role: p.role })),
            details: (r.details as Record<string, unknown> | null) ?? null,
          }));
          return ok({ iin: req.iin, acts, paperOnly: rows.length - electronic.length });
        },
      },

      checkRelationship: {
        idempotent: true,
        schema: z.object({ applicantIin: iin, subjectIin: iin }),
        // The applicant's own civil records are searched for the relation: the applicant's data.
        subject: (r) => r.applicantIin,
        async handle({ applicantIin, subjectIin }, q) {
          if (applicantIin === subjectIin) return ok(answer(null, 'SAME_PERSON', null));

          // --- child: the subject's birth / paternity / adoption records name the applicant as a parent
          const rows = (await q.query<Row>(CHILD_SQL, [subjectIin], 'zags_child_acts')).rows;
          const acts = new Map<number, { head: Row; parents: Map<string, string> }>();
          for (const r of rows) {
            const id = Number(r.id);
            let a = acts.get(id);
            if (!a) acts.set(id, (a = { head: r, parents: new Map() }));
            a.parents.set((r.p_iin as string).trim(), r.p_role as string);
          }
          const list = [...acts.values()];
          const birth = list.find((a) => a.head.kind === 'birth') ?? null;
          const adoptions = list.filter((a) => a.head.kind === 'adoption');
          // After an adoption the adoptive parents are the legal parents.
          const linking = adoptions.length
            ? adoptions.slice(-1).filter((a) => a.parents.has(applicantIin))
            : list.filter((a) => a.parents.has(applicantIin) && ['mother', 'father'].includes(a.parents.get(applicantIin) as string));
          if (linking.length) {
            const electronicLink = linking.filter((a) => a.head.electronic === true);
            const birthOk = !birth || birth.head.electronic === true;
            const best = electronicLink.slice(-1)[0];
            if (birthOk && best) return ok(answer('child', null, ref(best.head)));
            return ok(answer(null, 'BIRTH_RECORD_BEFORE_CUTOFF', ref((birth ?? (linking[0] as (typeof list)[number])).head)));
          }

          // --- spouse: the latest marriage between the two, not dissolved, both alive, registered in 2008 or later
          const couple = (await q.query<Row>(COUPLE_SQL, [applicantIin, subjectIin], 'zags_couple_acts')).rows;
          const marriage = couple.filter((r) => r.kind === 'marriage').slice(-1)[0];
          if (marriage) {
            const divorced = couple.some((r) => r.kind === 'divorce' && (r.act_date as string) >= (marriage.act_date as string) && Number(r.id) !== Number(marriage.id));
            if (divorced) return ok(answer(null, 'DIVORCED', ref(marriage)));
            const death = (await q.query<{ d: string | null }>(DEATH_SQL, [applicantIin, subjectIin], 'zags_couple_death')).rows[0]?.d ?? null;
            if (death && death >= (marriage.act_date as string)) return ok(answer(null, 'SPOUSE_DECEASED', ref(marriage)));
            if (marriage.electronic !== true) return ok(answer(null, 'MARRIAGE_BEFORE_2008', ref(marriage)));
            return ok(answer('spouse', null, ref(marriage)));
          }
          return ok(answer(null, 'NO_RECORD', null));
        },
      },

      registerAct: {
        idempotent: false,
        schema: z.object({
          kind: z.enum(ACT_KINDS as [ActKind, ...ActKind[]]),
          actDate: z.string().refine(isIsoDate, 'YYYY-MM-DD'),
          registeringBody: z.string().min(1).max(300),
          participants: z.array(z.object({ iin, role: z.enum(ACT_ROLES as [ActRole, ...ActRole[]]) })).min(1).max(10),
          details: z.record(z.string(), z.unknown()).optional(),
        }),
        subject: (r) => r.participants[0]?.iin ?? null,
        async handle(req, q) {
          // A record made now is electronic whatever the event date (e.g. a restored record).
          // One statement (act + participants), so it is atomic even without a caller transaction.
          const ins = await q.query<{ id: number; act_number: string }>(
            `WITH n AS (SELECT nextval(pg_get_serial_sequence('zags_acts', 'id')) AS id),
             a AS (
               INSERT INTO zags_acts (id, kind, act_number, act_date, registering_body, electronic, details)
               SELECT n.id, $1, $2 || lpad(n.id::text, 9, '0'), $3::date, $4, true, $5::jsonb FROM n
               RETURNING id, act_number
             ),
             p AS (
               INSERT INTO zags_participants (act_id, iin, role)
               SELECT DISTINCT a.id, u.iin, u.role FROM a, unnest($6::text[], $7::text[]) AS u(iin, role)
             )
             SELECT id, act_number FROM a`,
            [
              req.kind,
              `${req.actDate.slice(0, 4)}/${ACT_KIND_CODE[req.kind]}/E`,
              req.actDate,
              req.registeringBody,
              req.details ? JSON.stringify(req.details) : null,
              req.participants.map((p) => p.iin),
              req.participants.map((p) => p.role),
            ],
          );
          const act = ins.rows[0] as { id: number; act_number: string };
          return ok({ id: Number(act.id), actNumber: act.act_number });
        },
      },
    },
  );
}
