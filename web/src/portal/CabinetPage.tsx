/**
 * `/cabinet` — my applications, newest first (GET /api/v1/applications,
 * "load more" with nextCursor): number, service, status, filed, due date;
 * an open application past its due date is highlighted. Tabs (`?tab=access|consents`):
 * "Who accessed my data" and "My consents" (DataAccessPanels.tsx).
 */
import { useCallback, useEffect, useState } from 'react';
import { OPEN_STATUSES } from '../../../src/applications/status.ts';
import { type ApiError, type ApplicationSummary, api, type CoSignRequest, toApiError } from '../api.ts';
import { inSentence } from '../components/cosign.ts';
import { RequireUser } from '../components/RequireUser.tsx';
import { TabPanel, Tabs } from '../components/Tabs.tsx';
import { ErrorBox, Loading, StatusBadge } from '../components/ui.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatDate, formatDateTime, todayKz, useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ConsentsPanel, DataAccessPanel } from './DataAccessPanels.tsx';

const PAGE = 20;

export const isOverdue = (a: Pick<ApplicationSummary, 'dueDate' | 'status'>) => !!a.dueDate && a.dueDate < todayKz() && OPEN_STATUSES.includes(a.status);

export function CabinetPage() {
  return (
    <RequireUser>
      <Cabinet />
    </RequireUser>
  );
}

type Section = 'apps' | 'access' | 'consents';
const SECTIONS: readonly Section[] = ['apps', 'access', 'consents'];

function Cabinet() {
  const { t } = useI18n();
  const { user } = useSession();
  const { query } = useLocation();
  const q = query.get('tab');
  const section: Section = SECTIONS.includes(q as Section) ? (q as Section) : 'apps';
  useDocumentTitle(t(`cab.tab.${section}`));

  return (
    <section aria-labelledby="cab-title">
      <div className="page-head">
        <div>
          <h1 id="cab-title">{t('nav.cabinet')}</h1>
          {user && <p className="muted">{t('cab.greeting', { name: user.name })}</p>}
        </div>
        <Link to="/" className="btn btn-secondary">
          {t('cab.findService')}
        </Link>
      </div>
      <Tabs<Section>
        base="cab"
        label={t('cab.sections')}
        value={section}
        onChange={(v) => navigate(v === 'apps' ? '/cabinet' : `/cabinet?tab=${v}`, { replace: true })}
        tabs={SECTIONS.map((id) => ({ id, label: t(`cab.tab.${id}`), testId: `cab-tab-${id}` }))}
      />
      <TabPanel base="cab" id={section}>
        <h2 className="visually-hidden">{t(`cab.tab.${section}`)}</h2>
        {section === 'apps' && (
          <>
            <CoSignRequests />
            <Applications />
          </>
        )}
        {section === 'access' && <DataAccessPanel />}
        {section === 'consents' && <ConsentsPanel />}
      </TabPanel>
    </section>
  );
}

/** Applications that name me as the second applicant and wait for my signature (none: nothing shown). */
function CoSignRequests() {
  const { t, pick } = useI18n();
  const r = useApi<{ items: CoSignRequest[] }>('/api/v1/me/co-sign-requests');
  if (r.error) return <ErrorBox error={r.error} onRetry={r.reload} />;
  const items = r.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="card cosign-requests" aria-labelledby="cosign-title" data-testid="cosign-requests">
      <h3 id="cosign-title">{t('cab.cosignTitle')}</h3>
      <p className="muted small">{t('cab.cosignLead')}</p>
      <ul>
        {items.map((x) => (
          <li key={x.applicationId} className="cosign-request" data-testid="cosign-request" data-number={x.number}>
            <div>
              <p>
                <strong>{pick(x.serviceName)}</strong>
              </p>
              <p className="small">
                <span className="mono">{x.number}</span> · {t('cab.cosignFrom', { name: x.applicant.name })} · {t('cab.cosignAs', { who: inSentence(pick(x.as.label)) })}
              </p>
              <p className="small">
                <StatusBadge status="awaiting-second-applicant">{t('cab.cosignUntil', { time: formatDateTime(x.expiresAt) })}</StatusBadge>
              </p>
            </div>
            <Link to={`/cabinet/co-sign/${encodeURIComponent(x.applicationId)}`} className="btn btn-primary" aria-label={t('cab.cosignOpenLabel', { n: x.number })} data-testid="cosign-open">
              {t('cab.cosignOpen')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Applications() {
  const { t, pick } = useI18n();
  const [items, setItems] = useState<ApplicationSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (after: string | null, signal?: AbortSignal) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ items: ApplicationSummary[]; nextCursor: string | null }>(
        `/api/v1/applications?limit=${PAGE}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`,
        { signal },
      );
      if (signal?.aborted) return;
      setItems((prev) => (after && prev ? [...prev, ...r.items.filter((x) => !prev.some((p) => p.id === x.id))] : r.items));
      setCursor(r.nextCursor);
    } catch (e) {
      if (!signal?.aborted) setError(toApiError(e));
    } finally {
      if (!signal?.aborted) setBusy(false);
    }
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    void load(null, ac.signal);
    return () => ac.abort();
  }, [load]);

  return (
    <>
      {error && <ErrorBox error={error} onRetry={() => load(items ? cursor : null)} />}
      {items === null && !error && <Loading />}
      {items && items.length === 0 && (
        <div className="card empty">
          <p>{t('cab.empty')}</p>
          <Link to="/" className="btn btn-primary">
            {t('cab.findService')}
          </Link>
        </div>
      )}
      {items && items.length > 0 && (
        <>
          <div className="table-wrap card flush">
            <table className="table apps-table">
              <thead>
                <tr>
                  <th scope="col">{t('cab.number')}</th>
                  <th scope="col">{t('cab.service')}</th>
                  <th scope="col">{t('cab.status')}</th>
                  <th scope="col">{t('cab.filed')}</th>
                  <th scope="col">{t('cab.due')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => {
                  const overdue = isOverdue(a);
                  return (
                    <tr key={a.id} data-testid="application-row" data-number={a.number} className={overdue ? 'row-overdue' : undefined}>
                      <th scope="row" data-label={t('cab.number')}>
                        <Link to={`/cabinet/${encodeURIComponent(a.id)}`} className="mono app-link">
                          {a.number}
                        </Link>
                      </th>
                      <td data-label={t('cab.service')}>{pick(a.serviceName)}</td>
                      <td data-label={t('cab.status')}>
                        <StatusBadge status={a.status}>{pick(a.statusName)}</StatusBadge>
                      </td>
                      <td data-label={t('cab.filed')} className="nowrap">{formatDateTime(a.filedAt)}</td>
                      <td data-label={t('cab.due')} className={overdue ? 'due overdue nowrap' : 'due nowrap'} data-testid="row-due">
                        {formatDate(a.dueDate)}
                        {overdue && <span className="tag tag-bad">{t('cab.overdue')}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="list-foot">
            <span className="muted small" aria-live="polite">
              {t('cab.shown', { n: items.length })}
            </span>
            {cursor && (
              <button type="button" className="btn btn-secondary" onClick={() => load(cursor)} disabled={busy} aria-busy={busy} data-testid="load-more">
                {busy ? t('common.loading') : t('cab.loadMore')}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
