/**
 * The survey's aggregates for the quality authority (README.md): per group, the number of answers,
 * each question's counts per option, the rating's distribution and mean. Groups of fewer than
 * MIN_GROUP answers are suppressed (their counts could point at a person).
 */
import type { Queryable } from '../db/db.ts';
import { SURVEY } from './survey.ts';

export const MIN_GROUP = 5;
export const REPORT_DIMENSIONS = ['service', 'provider', 'region', 'channel', 'month'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

const COLUMN: Record<ReportDimension, string> = {
  service: 'service_code',
  provider: 'provider_org',
  region: 'region',
  channel: 'channel',
  month: "to_char(answered_on, 'YYYY-MM')",
};

export interface SurveyGroup {
  key: string | null;
  answers: number;
  questions: Record<string, Record<string, number>>;
  ratings: Record<string, number>;
  meanRating: number;
}

export async function surveyReport(q: Queryable, f: { from: string; to: string; by: ReportDimension; service?: string | undefined }): Promise<{ groups: SurveyGroup[]; suppressed: number }> {
  const col = COLUMN[f.by];
  const qCols = SURVEY.questions.flatMap((qq) => qq.options.map((o) => `count(*) FILTER (WHERE (answers->>'${qq.id}')::int = ${o.value})::int AS "${qq.id}_${o.value}"`));
  const rCols = [1, 2, 3, 4, 5].map((r) => `count(*) FILTER (WHERE rating = ${r})::int AS "r_${r}"`);
  const rows = (
    await q.query<Record<string, number | string | null>>(
      `SELECT ${col} AS key, count(*)::int AS n, round(avg(rating), 2)::float8 AS mean, ${[...qCols, ...rCols].join(', ')}
         FROM survey_answers
        WHERE survey = $1 AND answered_on BETWEEN $2 AND $3 AND ($4::text IS NULL OR service_code = $4)
        GROUP BY 1 ORDER BY 1`,
      [SURVEY.id, f.from, f.to, f.service ?? null],
    )
  ).rows;
  const groups: SurveyGroup[] = [];
  let suppressed = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (n < MIN_GROUP) {
      suppressed += n;
      continue;
    }
    groups.push({
      key: (r.key as string | null) ?? null,
      answers: n,
      questions: Object.fromEntries(SURVEY.questions.map((qq) => [qq.id, Object.fromEntries(qq.options.map((o) => [String(o.value), Number(r[`${qq.id}_${o.value}`])]))])),
      ratings: Object.fromEntries([1, 2, 3, 4, 5].map((x) => [String(x), Number(r[`r_${x}`])])),
      meanRating: Number(r.mean),
    });
  }
  return { groups, suppressed };
}
