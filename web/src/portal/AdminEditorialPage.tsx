/**
 * `/admin/editorial` — maintainers' notes on the service definitions (role admin):
 * each version's `editorial` remarks next to the citizen text they concern, and its
 * readings of ambiguities (GET /api/v1/admin/editorial). Citizens never see these:
 * the service page shows the citizen text only.
 */
import { useMemo, useState } from 'react';
import type { I18n } from '../../../src/registry/types.ts';
import { RequireUser } from '../components/RequireUser.tsx';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { formatDate, useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';

interface EditorialItem {
  code: string;
  version: number;
  name: I18n;
  effectiveFrom: string;
  effectiveTo: string | null;
  editorial: Array<{ path: string; text: string; citizenText?: I18n }>;
  ambiguities: Array<{ ref: string; reading: string }>;
}

export function AdminEditorialPage() {
  return (
    <RequireUser>
      <AdminOnly />
    </RequireUser>
  );
}

function AdminOnly() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user?.roles.includes('admin')) {
    return (
      <div className="alert alert-warn" role="alert" data-testid="admin-only">
        <p>{t('admin.onlyAdmins')}</p>
      </div>
    );
  }
  return <Editorial />;
}

function Editorial() {
  const { t, pick } = useI18n();
  useDocumentTitle(t('admin.editorial.title'));
  const { data, error, reload } = useApi<{ items: EditorialItem[] }>('/api/v1/admin/editorial');
  const { query } = useLocation();
  const [filter, setFilter] = useState(query.get('q') ?? '');
  const items = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (data?.items ?? []).filter((x) => !f || x.code.includes(f) || [x.name.kk, x.name.ru, x.name.en].some((n) => n.toLowerCase().includes(f)));
  }, [data, filter]);

  return (
    <section aria-labelledby="ed-title" className="admin-editorial">
      <h1 id="ed-title">{t('admin.editorial.title')}</h1>
      <p className="muted">{t('admin.editorial.lead')}</p>
      <p>
        <label htmlFor="ed-filter">{t('admin.editorial.filter')}</label>
        <input id="ed-filter" className="input" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="editorial-filter" />
      </p>
      {error ? (
        <ErrorBox error={error} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : (
        items.map((x) => (
          <article key={`${x.code}-${x.version}`} id={`${x.code}-v${x.version}`} className="card" data-testid={`editorial-${x.code}-v${x.version}`}>
            <h2>
              {pick(x.name)} <span className="muted h-sub">· v{x.version} · {formatDate(x.effectiveFrom)}{x.effectiveTo ? ` – ${formatDate(x.effectiveTo)}` : ''}</span>
            </h2>
            <p className="small">
              <code>{x.code}</code> · <Link to={`/services/${encodeURIComponent(x.code)}?version=${x.version}`}>{t('admin.editorial.open')}</Link>
            </p>
            <h3>{t('admin.editorial.notes')}</h3>
            {x.editorial.length === 0 ? (
              <p className="muted">{t('admin.editorial.none')}</p>
            ) : (
              <ul className="plain-list editorial-notes">
                {x.editorial.map((n) => (
                  <li key={n.path} data-testid="editorial-note">
                    <code className="small">{n.path}</code>
                    {n.citizenText && (
                      <p className="muted small">
                        {t('admin.editorial.citizenSees')}: «{pick(n.citizenText)}»
                      </p>
                    )}
                    <p lang="en">{n.text}</p>
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('admin.editorial.ambiguities')}</h3>
            {x.ambiguities.length === 0 ? (
              <p className="muted">{t('admin.editorial.none')}</p>
            ) : (
              <dl className="ambiguities">
                {x.ambiguities.map((a) => (
                  <div key={a.ref + a.reading.slice(0, 20)}>
                    <dt>{a.ref}</dt>
                    <dd lang="en">{a.reading}</dd>
                  </div>
                ))}
              </dl>
            )}
          </article>
        ))
      )}
    </section>
  );
}
