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
 * writes registerAct and amendAct. The gateway never retries a write; with a `reference` (the
 * caller's key, e.g. the application id) the caller may: the second call answers with the act
 * the first one made. registerAct keeps the registry's own rules — one birth and one death
 * record per person, no marriage while either is married, a divorce only of a standing
 * marriage, paternity only where no father is recorded, one adoption of a child by the same
 * parents — and answers a breach as a refusal (`recorded: false` + reason), "no such record"
 * (divorce, amendment) as NOT_FOUND. A newborn without an IIN gets one (`newChild`).
 */
import { z } from 'zod';
import { isIsoDate } from '../../calendar/time.ts';
import type { Db, Queryable } from '../../db/db.ts';
import { makeIin } from '../../ids/iin.ts';
import type { Connector } from '../../gateway/types.ts';
import type { I18n } from '../../registry/types.ts';
import type { ActKind, ActRecord, ActRefusalReason, ActRole, ActWrite, NewAct, RelationshipCheck, RelationshipReason, Sex } from '../catalogue.ts';
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

export const NO_MARRIAGE: I18n = {
  kk: 'Азаматтық хал актілерінің тізілімінде бұзылмаған неке туралы жазба жоқ.',
  ru: 'В реестре актов гражданского состояния нет записи о нерасторгнутом браке.',
  en: 'The civil-status registry holds no record of an undissolved marriage.',
};

/** What a person reads when the registry refuses to write an act (kk/ru/en). */
export const ACT_REFUSALS: Record<ActRefusalReason, I18n> = {
  BIRTH_ALREADY_REGISTERED: {
    kk: 'Баланың тууы бұрын тіркелген: туу туралы акт жазбасы бар.',
    ru: 'Рождение ребёнка уже зарегистрировано: запись акта о рождении существует.',
    en: "The child's birth is already registered: a birth record exists.",
  },
  ALREADY_MARRIED_TO_EACH_OTHER: {
    kk: 'Бұл адамдар бір-бірімен некеде тұр: неке туралы акт жазбасы бар.',
    ru: 'Эти лица уже состоят в браке друг с другом: запись акта о браке существует.',
    en: 'These persons are already married to each other: a marriage record exists.',
  },
  ALREADY_MARRIED: {
    kk: 'Некеге тұрушылардың бірі бұзылмаған басқа некеде тұр.',
    ru: 'Одно из лиц, вступающих в брак, состоит в другом нерасторгнутом браке.',
    en: 'One of the persons marrying is in another, undissolved marriage.',
  },
  DEATH_ALREADY_REGISTERED: {
    kk: 'Адамның қайтыс болуы бұрын тіркелген: қайтыс болу туралы акт жазбасы бар.',
    ru: 'Смерть лица уже зарегистрирована: запись акта о смерти существует.',
    en: "The person's death is already registered: a death record exists.",
  },
  PATERNITY_ALREADY_ESTABLISHED: {
    kk: 'Баланың әкесі акт жазбасында бұрын көрсетілген: әкелікті анықтау туралы жазба немесе әкесі көрсетілген туу туралы жазба бар.',
    ru: 'Отец ребёнка уже указан в записи акта: существует запись об установлении отцовства или запись о рождении с указанием отца.',
    en: "The child's father is already recorded: a paternity record, or a birth record naming the father, exists.",
  },
  ADOPTION_ALREADY_REGISTERED: {
    kk: 'Бұл адамдардың баланы асырап алуы бұрын тіркелген.',
    ru: 'Усыновление ребёнка этими лицами уже зарегистрировано.',
    en: 'The adoption of the child by these persons is already registered.',
  },
  RECORD_ALREADY_ELECTRONIC: {
    kk: 'Акт жазбасы электрондық тізілімде бар: қалпына келтіру қажет емес.',
    ru: 'Запись акта есть в электронном реестре: восстанавливать её не требуется.',
    en: 'The act record is in the electronic registry: it need not be restored.',
  },
};

type ActHead = { kind: ActKind; actNumber: string; actDate: string };
const head = (r: Row): ActHead => ({ kind: r.kind as ActKind, actNumber: r.act_number as string, actDate: r.act_date as string });
const ROLE_ORDER = (a: { iin: string; role: string }, b: { iin: string; role: string }) => (a.role < b.role ? -1 : a.role > b.role ? 1 : a.iin < b.iin ? -1 : a.iin > b.iin ? 1 : 0);
const sortParticipants = (ps: Array<{ iin: string; role: ActRole }>) => [...new Map(ps.map((p) => [`${p.role}:${p.iin}`, p])).values()].sort(ROLE_ORDER);

/** Writes for the same person or the same reference wait for each other (until the caller's transaction ends). */
async function lockKeys(q: Queryable, keys: string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length)
    await q.query('SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))::int AS n FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) s', [sorted], 'zags_lock');
}

const ACT_BY = (where: string) => `SELECT a.id, a.kind, a.act_number, a.act_date, a.registering_body, a.details,
  (SELECT json_agg(json_build_object('iin', x.iin, 'role', x.role) ORDER BY x.role, x.iin) FROM zags_participants x WHERE x.act_id = a.id) AS participants
FROM zags_acts a WHERE ${where}`;

const toAct = (r: Row): ActRecord => ({
  id: Number(r.id),
  kind: r.kind as ActKind,
  actNumber: r.act_number as string,
  actDate: r.act_date as string,
  registeringBody: r.registering_body as string,
  participants: ((r.participants as Array<{ iin: string; role: ActRole }>) ?? []).map((p) => ({ iin: p.iin.trim(), role: p.role })),
  details: (r.details as Record<string, unknown> | null) ?? null,
});

async function actById(q: Queryable, id: number): Promise<ActRecord | null> {
  const r = (await q.query<Row>(ACT_BY('a.id = $1'), [id], 'zags_act_by_id')).rows[0];
  return r ? toAct(r) : null;
}

async function actByReference(q: Queryable, reference: string): Promise<ActRecord | null> {
  const r = (await q.query<Row>(ACT_BY('a.reference = $1'), [reference], 'zags_act_by_ref')).rows[0];
  return r ? toAct(r) : null;
}

/** The first act of these kinds naming the person in one of these roles. */
async function firstAct(q: Queryable, who: string, kinds: ActKind[], roles: ActRole[], electronicOnly = false): Promise<ActHead | null> {
  const r = await q.query<Row>(
    `SELECT a.kind, a.act_number, a.act_date FROM zags_participants p JOIN zags_acts a ON a.id = p.act_id
      WHERE p.iin = $1 AND a.kind = ANY($2::text[]) AND p.role = ANY($3::text[]) AND (NOT $4::boolean OR a.electronic)
      ORDER BY a.act_date, a.id LIMIT 1`,
    [who, kinds, roles, electronicOnly],
    'zags_first_act',
  );
  return r.rows[0] ? head(r.rows[0]) : null;
}

/** The person's latest marriage if it still stands (no later divorce of the two, neither has died since). */
async function currentMarriage(q: Queryable, who: string): Promise<(ActHead & { spouse: { iin: string; role: ActRole } }) | null> {
  const m = (
    await q.query<Row>(
      `SELECT a.id, a.kind, a.act_number, a.act_date, s.iin AS spouse_iin, s.role AS spouse_role
         FROM zags_participants me JOIN zags_acts a ON a.id = me.act_id AND a.kind = 'marriage'
         JOIN zags_participants s ON s.act_id = a.id AND s.iin <> me.iin AND s.role IN ('husband', 'wife')
        WHERE me.iin = $1 AND me.role IN ('husband', 'wife')
        ORDER BY a.act_date DESC, a.id DESC LIMIT 1`,
      [who],
      'zags_latest_marriage',
    )
  ).rows[0];
  if (!m) return null;
  const spouse = (m.spouse_iin as string).trim();
  const ended = await q.query<Row>(
    `SELECT 1 FROM zags_acts d
      WHERE (d.act_date > $3::date OR (d.act_date = $3::date AND d.id > $4))
        AND ((d.kind = 'divorce' AND EXISTS (SELECT 1 FROM zags_participants x WHERE x.act_id = d.id AND x.iin = $1)
                                 AND EXISTS (SELECT 1 FROM zags_participants y WHERE y.act_id = d.id AND y.iin = $2))
          OR (d.kind = 'death' AND EXISTS (SELECT 1 FROM zags_participants z WHERE z.act_id = d.id AND z.iin IN ($1, $2) AND z.role = 'deceased')))
      LIMIT 1`,
    [who, spouse, m.act_date, Number(m.id)],
    'zags_marriage_ended',
  );
  if (ended.rows.length) return null;
  return { ...head(m), spouse: { iin: spouse, role: m.spouse_role as ActRole } };
}

/** A request the registry cannot make an act of (a caller's bug → REJECTED), or null. */
function checkShape(req: NewAct): string | null {
  const n = (role: ActRole) => req.participants.filter((p) => p.role === role).length;
  const spouses = n('husband') + n('wife');
  switch (req.kind) {
    case 'birth':
      if (req.newChild ? n('child') > 0 : n('child') !== 1) return 'birth: one child, either by IIN or as newChild';
      if (n('mother') + n('father') < 1) return 'birth: a mother or a father';
      return null;
    case 'marriage':
      return n('husband') === 1 && n('wife') === 1 && spouses === req.participants.length ? null : 'marriage: one husband and one wife';
    case 'divorce':
      return spouses >= 1 && spouses <= 2 && spouses === req.participants.length && n('husband') <= 1 && n('wife') <= 1 ? null : 'divorce: one or both spouses';
    case 'death':
      return n('deceased') === 1 ? null : 'death: one deceased';
    case 'paternity':
      return n('child') === 1 && n('father') === 1 ? null : 'paternity: a child and a father';
    case 'adoption':
      return n('adoptee') === 1 && n('adoptive_mother') + n('adoptive_father') >= 1 ? null : 'adoption: an adoptee and an adoptive parent';
    default:
      return req.newChild ? `${req.kind}: newChild is for births` : null;
  }
}

/** Whether an act (or a bar to it) exists already: the registry's own rules. */
async function refusalOf(q: Queryable, req: NewAct): Promise<{ reason: ActRefusalReason; act: ActHead | null } | null> {
  const with_ = (role: ActRole) => req.participants.filter((p) => p.role === role).map((p) => p.iin);
  if (req.restored) {
    // Births and deaths have one record per person: restoring one that is electronic makes a second.
    if (req.kind !== 'birth' && req.kind !== 'death') return null;
    for (const p of req.participants) {
      const hit = await firstAct(q, p.iin, [req.kind], [p.role], true);
      if (hit) return { reason: 'RECORD_ALREADY_ELECTRONIC', act: hit };
    }
    return null;
  }
  switch (req.kind) {
    case 'birth': {
      for (const c of with_('child')) {
        const hit = await firstAct(q, c, ['birth'], ['child']);
        if (hit) return { reason: 'BIRTH_ALREADY_REGISTERED', act: hit };
      }
      if (req.newChild) {
        // A child without an IIN: the same parent, the same birth date and given name is the same child.
        const r = await q.query<Row>(
          `SELECT a.kind, a.act_number, a.act_date FROM zags_participants p JOIN zags_acts a ON a.id = p.act_id
            WHERE p.iin = ANY($1::text[]) AND p.role IN ('mother', 'father') AND a.kind = 'birth'
              AND a.details->>'childBirthDate' = $2 AND ($3::text IS NULL OR lower(a.details->>'childGivenName') = lower($3::text))
            ORDER BY a.act_date, a.id LIMIT 1`,
          [[...with_('mother'), ...with_('father')], req.newChild.birthDate, req.newChild.givenName?.trim() || null],
          'zags_same_newborn',
        );
        if (r.rows[0]) return { reason: 'BIRTH_ALREADY_REGISTERED', act: head(r.rows[0]) };
      }
      return null;
    }
    case 'marriage': {
      const pair = [...with_('husband'), ...with_('wife')];
      for (const who of pair) {
        const m = await currentMarriage(q, who);
        if (!m) continue;
        const other = pair.find((x) => x !== who);
        return { reason: m.spouse.iin === other ? 'ALREADY_MARRIED_TO_EACH_OTHER' : 'ALREADY_MARRIED', act: { kind: m.kind, actNumber: m.actNumber, actDate: m.actDate } };
      }
      return null;
    }
    case 'death': {
      const hit = await firstAct(q, with_('deceased')[0] as string, ['death'], ['deceased']);
      return hit ? { reason: 'DEATH_ALREADY_REGISTERED', act: hit } : null;
    }
    case 'paternity': {
      const child = with_('child')[0] as string;
      const hit = (await firstAct(q, child, ['paternity'], ['child'])) ?? (await birthNamingFather(q, child));
      return hit ? { reason: 'PATERNITY_ALREADY_ESTABLISHED', act: hit } : null;
    }
    case 'adoption': {
      const r = await q.query<Row>(
        `SELECT a.kind, a.act_number, a.act_date FROM zags_participants c JOIN zags_acts a ON a.id = c.act_id AND a.kind = 'adoption'
          JOIN zags_participants p ON p.act_id = a.id AND p.role IN ('adoptive_mother', 'adoptive_father') AND p.iin = ANY($2::text[])
          WHERE c.iin = $1 AND c.role = 'adoptee' ORDER BY a.act_date, a.id LIMIT 1`,
        [with_('adoptee')[0], [...with_('adoptive_mother'), ...with_('adoptive_father')]],
        'zags_same_adoption',
      );
      return r.rows[0] ? { reason: 'ADOPTION_ALREADY_REGISTERED', act: head(r.rows[0]) } : null;
    }
    default:
      return null;
  }
}

async function birthNamingFather(q: Queryable, child: string): Promise<ActHead | null> {
  const r = await q.query<Row>(
    `SELECT a.kind, a.act_number, a.act_date FROM zags_participants c JOIN zags_acts a ON a.id = c.act_id AND a.kind = 'birth'
      WHERE c.iin = $1 AND c.role = 'child' AND EXISTS (SELECT 1 FROM zags_participants f WHERE f.act_id = a.id AND f.role = 'father')
      ORDER BY a.act_date, a.id LIMIT 1`,
    [child],
    'zags_birth_with_father',
  );
  return r.rows[0] ? head(r.rows[0]) : null;
}

/** First serial the registry gives newborns (the seed counts from 1, the demo families use 9001+). */
export const NEWBORN_SERIAL_FROM = 8001;

/** A valid IIN for a newborn that no act names yet. */
async function freeIin(q: Queryable, birthDate: string, sex: Sex): Promise<string> {
  for (let serial = NEWBORN_SERIAL_FROM; serial < 9000; ) {
    const candidate = makeIin(birthDate, sex, serial);
    const used = await q.query('SELECT 1 FROM zags_participants WHERE iin = $1 LIMIT 1', [candidate], 'zags_iin_used');
    if (!used.rows.length) return candidate;
    serial = Number(candidate.slice(7, 11)) + 1;
  }
  throw new Error(`civil registry: no newborn IIN serial left for ${birthDate}`);
}

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
        // A write: the gateway never retries it. With a `reference` the caller may repeat it safely.
        idempotent: false,
        schema: z.object({
          kind: z.enum(ACT_KINDS as [ActKind, ...ActKind[]]),
          actDate: z.string().refine(isIsoDate, 'YYYY-MM-DD'),
          registeringBody: z.string().min(1).max(300),
          participants: z.array(z.object({ iin, role: z.enum(ACT_ROLES as [ActRole, ...ActRole[]]) })).min(1).max(10),
          details: z.record(z.string(), z.unknown()).optional(),
          reference: z.string().min(1).max(200).optional(),
          newChild: z.object({ birthDate: z.string().refine(isIsoDate, 'YYYY-MM-DD'), sex: z.enum(['male', 'female']), givenName: z.string().max(200).optional() }).strict().optional(),
          restored: z.boolean().optional(),
        }),
        subject: (r) => r.participants[0]?.iin ?? null,
        async handle(req, q) {
          // Newborns of one day and sex draw from one range of serials: their writes wait for each other too.
          await lockKeys(q, [
            ...(req.reference ? [`ref:${req.reference}`] : []),
            ...req.participants.map((p) => `iin:${p.iin}`),
            ...(req.newChild ? [`newborn:${req.newChild.birthDate}:${req.newChild.sex}`] : []),
          ]);
          if (req.reference) {
            const prior = await actByReference(q, req.reference);
            if (prior) return ok<ActWrite>({ recorded: true, replayed: true, act: prior });
          }
          const shape = req.restored ? null : checkShape(req);
          if (shape) return { status: 'REJECTED', reason: shape };
          const participants = [...req.participants];
          const details: Record<string, unknown> = { ...(req.details ?? {}) };
          if (req.kind === 'divorce' && !req.restored) {
            // The marriage being dissolved: the two spouses' current one, or the one spouse's.
            const [a, b] = participants;
            const m = a ? await currentMarriage(q, a.iin) : null;
            if (!m || (b && m.spouse.iin !== b.iin)) return notFound('NO_MARRIAGE', NO_MARRIAGE);
            if (!b) participants.push(m.spouse);
            details.marriageActNumber = m.actNumber;
          }
          const refused = await refusalOf(q, req);
          if (refused) return ok<ActWrite>({ recorded: false, ...refused, message: ACT_REFUSALS[refused.reason] });
          if (req.newChild) {
            participants.push({ iin: await freeIin(q, req.newChild.birthDate, req.newChild.sex), role: 'child' });
            details.childBirthDate = req.newChild.birthDate;
            if (req.newChild.givenName?.trim()) details.childGivenName = req.newChild.givenName.trim();
          }
          if (req.restored) details.restored = true;
          // A record made now is electronic whatever the event date (e.g. a restored record).
          // One statement (act + participants), so it is atomic even without a caller transaction.
          const ins = await q.query<{ id: number; act_number: string }>(
            `WITH n AS (SELECT nextval(pg_get_serial_sequence('zags_acts', 'id')) AS id),
             a AS (
               INSERT INTO zags_acts (id, kind, act_number, act_date, registering_body, electronic, details, reference)
               SELECT n.id, $1, $2 || lpad(n.id::text, 9, '0'), $3::date, $4, true, $5::jsonb, $8 FROM n
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
              Object.keys(details).length ? JSON.stringify(details) : null,
              participants.map((p) => p.iin),
              participants.map((p) => p.role),
              req.reference ?? null,
            ],
          );
          const row = ins.rows[0] as { id: number; act_number: string };
          const act: ActRecord = {
            id: Number(row.id),
            kind: req.kind,
            actNumber: row.act_number,
            actDate: req.actDate,
            registeringBody: req.registeringBody,
            participants: sortParticipants(participants),
            details: Object.keys(details).length ? details : null,
          };
          return ok<ActWrite>({ recorded: true, replayed: false, act });
        },
      },

      amendAct: {
        idempotent: false,
        schema: z.object({
          actNumber: z.string().min(1).max(60),
          actDate: z.string().refine(isIsoDate, 'YYYY-MM-DD').optional(),
          iin: iin.optional(),
          madeOn: z.string().refine(isIsoDate, 'YYYY-MM-DD'),
          registeringBody: z.string().min(1).max(300),
          text: z.string().max(4000).optional(),
          changes: z.record(z.string(), z.unknown()).optional(),
          reference: z.string().min(1).max(200),
        }),
        // Found by its number, not by a person: the call log names the caller's subject (meta.subjectIin).
        async handle(req, q) {
          await lockKeys(q, [`ref:${req.reference}`]);
          const prior = (await q.query<{ id: number; act_id: number }>('SELECT id, act_id FROM zags_amendments WHERE reference = $1', [req.reference], 'zags_amendment_by_ref')).rows[0];
          if (prior) return ok({ replayed: true, amendmentId: Number(prior.id), act: (await actById(q, Number(prior.act_id))) as ActRecord });
          const found = (
            await q.query<{ id: number }>(
              `SELECT a.id FROM zags_acts a WHERE a.act_number = $1 AND ($2::date IS NULL OR a.act_date = $2::date)
                 AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM zags_participants p WHERE p.act_id = a.id AND p.iin = $3::text))`,
              [req.actNumber.trim(), req.actDate ?? null, req.iin ?? null],
              'zags_act_to_amend',
            )
          ).rows[0];
          if (!found) return notFound('NO_RECORD', NO_ACT_RECORD);
          const id = Number(found.id);
          const ins = await q.query<{ id: number }>(
            `INSERT INTO zags_amendments (act_id, reference, made_on, registering_body, text, changes) VALUES ($1, $2, $3::date, $4, $5, $6::jsonb) RETURNING id`,
            [id, req.reference, req.madeOn, req.registeringBody, req.text ?? null, req.changes ? JSON.stringify(req.changes) : null],
          );
          if (req.changes && Object.keys(req.changes).length)
            await q.query(`UPDATE zags_acts SET details = coalesce(details, '{}'::jsonb) || $2::jsonb WHERE id = $1`, [id, JSON.stringify(req.changes)]);
          return ok({ replayed: false, amendmentId: Number((ins.rows[0] as { id: number }).id), act: (await actById(q, id)) as ActRecord });
        },
      },
    },
  );
}
