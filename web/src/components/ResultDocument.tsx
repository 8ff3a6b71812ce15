/**
 * The outcome of an application (`result` of GET /api/v1/applications/:id): an issued document
 * (the address reference as a printable card) or a reasoned refusal, prominent and in the current
 * language. "Print" prints only this section (see `@media print` in styles.css).
 */
import type { ReactNode } from 'react';
import { REGIONS, type Region } from '../../../src/regions.ts';
import type { FormField } from '../../../src/registry/types.ts';
import type { AddressReferenceDocument, ApplicationResult, PartialI18n, ReasonedRefusal } from '../api.ts';
import { formatDate, formatDateTime, type I18nApi, useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

/** A bilingual registry value in the current language, falling back to Russian, then anything. */
export function pickAny(lang: string, v: PartialI18n | string | null | undefined): string {
  if (!v) return '—';
  if (typeof v === 'string') return v;
  const o = v as Record<string, string | undefined>;
  return o[lang] || o.ru || o.kk || o.en || Object.values(o).find(Boolean) || '—';
}

const isAddressReference = (d: ApplicationResult['document']): d is AddressReferenceDocument => d.type === 'address-reference';
const isRefusal = (r: ApplicationResult): r is ApplicationResult & { document: ReasonedRefusal } => r.kind === 'refusal' || r.document.type === 'reasoned-refusal';

function PrintButton() {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn-secondary btn-small no-print" onClick={() => window.print()} data-testid="print">
      <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className="ico">
        <path d="M5 2h10v5H5zM3 8h14a1 1 0 0 1 1 1v6h-3v3H5v-3H2V9a1 1 0 0 1 1-1zm4 6v3h6v-3z" fill="currentColor" />
      </svg>{' '}
      {t('doc.print')}
    </button>
  );
}

export function ResultSection({ result, fields, serviceCode, lead }: { result: ApplicationResult; fields: FormField[]; serviceCode?: string; lead?: ReactNode }) {
  const i = useI18n();
  const { t } = i;
  if (isRefusal(result)) {
    const d = result.document;
    // The ground in words (older results carry only the registry's message) and what to do next.
    const ground = pickAny(i.lang, d.groundText ?? d.message);
    const detail = d.groundText ? pickAny(i.lang, d.message) : '';
    return (
      <section className="card result-card refusal-card print-area" aria-labelledby="result-title" data-testid="result-refusal" data-ground={d.ground}>
        <div className="result-head">
          <h2 id="result-title">{t('doc.refusal')}</h2>
          <PrintButton />
        </div>
        {lead}
        <p>{t('doc.refusalLead')}</p>
        <p className="refusal-message" data-testid="refusal-message">
          {ground}
        </p>
        {detail && detail !== ground && <p className="refusal-detail">{detail}</p>}
        <h3 className="doc-h">{t('doc.nextSteps')}</h3>
        <p data-testid="refusal-next">{d.nextSteps ? pickAny(i.lang, d.nextSteps) : t('doc.nextStepsDefault')}</p>
        {serviceCode && (
          <p className="small no-print" data-testid="refusal-appeal">
            {t('doc.refusalAppeal')} <Link to={`/services/${encodeURIComponent(serviceCode)}#complaints`}>{t('doc.refusalAppealLink')}</Link>
          </p>
        )}
        <dl className="facts">
          {d.number && (
            <div className="fact">
              <dt>{t('doc.number')}</dt>
              <dd className="mono">{d.number}</dd>
            </div>
          )}
          {d.subjectIin && (
            <div className="fact">
              <dt>{t('doc.iin')}</dt>
              <dd className="mono">{d.subjectIin}</dd>
            </div>
          )}
          <div className="fact">
            <dt>{t('doc.issuedAt')}</dt>
            <dd>{formatDateTime(result.createdAt)}</dd>
          </div>
        </dl>
      </section>
    );
  }
  const d = result.document;
  if (isAddressReference(d)) return <AddressReference i={i} d={d} createdAt={result.createdAt} fields={fields} />;
  // Another kind of document: its title and number, if it has them.
  const other = d as { title?: unknown; number?: unknown };
  const title = typeof other.title === 'object' && other.title ? pickAny(i.lang, other.title as PartialI18n) : t('doc.result');
  return (
    <section className="card result-card print-area" aria-labelledby="result-title" data-testid="result-document">
      <div className="result-head">
        <h2 id="result-title">{title}</h2>
        <PrintButton />
      </div>
      <dl className="facts">
        {typeof other.number === 'string' && (
          <div className="fact">
            <dt>{t('doc.number')}</dt>
            <dd className="mono">{other.number}</dd>
          </div>
        )}
        <div className="fact">
          <dt>{t('doc.issuedAt')}</dt>
          <dd>{formatDateTime(result.createdAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

function AddressReference({ i, d, createdAt, fields }: { i: I18nApi; d: AddressReferenceDocument; createdAt: string; fields: FormField[] }) {
  const { t, lang } = i;
  const s = d.subject;
  const fullName = [s.surname, s.givenName, s.patronymic].filter(Boolean).join(' ');
  const relationLabel = fields.find((f) => f.name === 'subject')?.options?.find((o) => o.value === s.relation)?.label;
  const cur = d.currentRegistration;
  return (
    <section className="card result-card doc-card print-area" aria-labelledby="result-title" data-testid="address-reference">
      <div className="result-head no-print">
        <p className="eyebrow">{t('doc.result')}</p>
        <PrintButton />
      </div>
      <header className="doc-header">
        <p className="doc-issuer">{pickAny(lang, d.issuer)}</p>
        <h2 id="result-title" className="doc-title">
          {pickAny(lang, d.title)}
        </h2>
        <p className="doc-number">
          {t('doc.number')}: <span className="mono" data-testid="doc-number">{d.number}</span> · {t('doc.issuedAt')}: {formatDateTime(createdAt)}
        </p>
      </header>

      <h3 className="doc-h">{t('doc.subject')}</h3>
      <dl className="facts doc-facts">
        <div className="fact fact-wide">
          <dt>{t('doc.fullName')}</dt>
          <dd data-testid="doc-subject-name">
            <strong>{fullName}</strong>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('doc.iin')}</dt>
          <dd className="mono" data-testid="doc-subject-iin">
            {s.iin}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('doc.birthDate')}</dt>
          <dd>{formatDate(s.birthDate)}</dd>
        </div>
        {s.relation && s.relation !== 'self' && (
          <div className="fact">
            <dt>{t('doc.relation')}</dt>
            <dd>{relationLabel ? i.pick(relationLabel) : s.relation}</dd>
          </div>
        )}
        {d.purpose && (
          <div className="fact">
            <dt>{t('doc.purpose')}</dt>
            <dd>{d.purpose}</dd>
          </div>
        )}
      </dl>

      <h3 className="doc-h">{t('doc.currentAddress')}</h3>
      {cur ? (
        <div className="doc-address" data-testid="doc-current-address">
          <p className="doc-address-line">{pickAny(lang, cur.address)}</p>
          <p className="muted small">
            {cur.since ? t('doc.since', { date: formatDate(cur.since) }) : null}
            {cur.region && cur.region in REGIONS ? ` · ${i.pick(REGIONS[cur.region as Region])}` : ''}
          </p>
        </div>
      ) : (
        <p>{t('doc.noCurrent')}</p>
      )}

      {d.registrations.length > 0 && (
        <>
          <h3 className="doc-h">{t('doc.history')}</h3>
          <div className="table-wrap">
            <table className="table doc-table" data-testid="doc-registrations">
              <thead>
                <tr>
                  <th scope="col">{t('doc.from')}</th>
                  <th scope="col">{t('doc.to')}</th>
                  <th scope="col">{t('doc.kind')}</th>
                  <th scope="col">{t('doc.address')}</th>
                </tr>
              </thead>
              <tbody>
                {d.registrations.map((r, n) => (
                  <tr key={`${r.from}-${n}`}>
                    <td data-label={t('doc.from')} className="nowrap">
                      {formatDate(r.from)}
                    </td>
                    <td data-label={t('doc.to')} className="nowrap">
                      {r.to ? formatDate(r.to) : t('doc.toNow')}
                    </td>
                    <td data-label={t('doc.kind')}>{t(r.kind === 'temporary' ? 'doc.kind.temporary' : 'doc.kind.permanent')}</td>
                    <td data-label={t('doc.address')}>{pickAny(lang, r.address)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="muted small doc-foot">{t('doc.electronic')}</p>
    </section>
  );
}
