/**
 * `/` — the catalogue: a search box (searches as you type, 150 ms debounce,
 * GET /api/v1/services?q=…) and the list of services. Keyboard: ↓ from the box
 * walks into the results, ↑/↓ move between them, Enter opens; Enter in the box
 * opens the first result.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { CATEGORIES, type Category } from '../../../src/registry/categories.ts';
import type { ServiceSummary } from '../api.ts';
import { ChannelBadges, ErrorBox } from '../components/ui.tsx';
import { useApi, useDebounced, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';

export function CataloguePage() {
  const { t, pick } = useI18n();
  const { query } = useLocation();
  const [q, setQ] = useState(() => query.get('q') ?? '');
  const debounced = useDebounced(q.trim(), 150);
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const openFirstWhenReady = useRef(false);
  useDocumentTitle(t('cat.title'));

  const path = debounced ? `/api/v1/services?q=${encodeURIComponent(debounced)}` : '/api/v1/services';
  const { data, error, loading, reload } = useApi<{ items: ServiceSummary[] }>(path);
  // Keep showing the previous results while the next ones load (no flicker while typing).
  const [shown, setShown] = useState<{ q: string; items: ServiceSummary[] } | null>(null);
  useEffect(() => {
    if (data) setShown({ q: debounced, items: data.items });
  }, [data, debounced]);

  // Remember the query in the address (so Back returns to the same results).
  useEffect(() => {
    const url = debounced ? `/?q=${encodeURIComponent(debounced)}` : '/';
    if (window.location.pathname === '/') navigate(url, { replace: true });
  }, [debounced]);

  const items = useMemo(() => shown?.items ?? [], [shown]);
  const fresh = !!data && shown?.q === debounced && debounced === q.trim();

  useEffect(() => {
    if (fresh && openFirstWhenReady.current) {
      openFirstWhenReady.current = false;
      const first = items[0];
      if (first) navigate(`/services/${encodeURIComponent(first.code)}`);
    }
  }, [fresh, items]);

  const links = () => Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-testid="service-item"]') ?? []);

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      links()[0]?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (fresh) {
        const first = items[0];
        if (first) navigate(`/services/${encodeURIComponent(first.code)}`);
      } else openFirstWhenReady.current = true;
    } else if (e.key === 'Escape') {
      setQ('');
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const all = links();
    const i = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowDown') all[Math.min(i + 1, all.length - 1)]?.focus();
    else if (e.key === 'ArrowUp') (i === 0 ? inputRef.current : all[i - 1])?.focus();
    else if (e.key === 'Home') all[0]?.focus();
    else all[all.length - 1]?.focus();
  };

  return (
    <div className="catalogue">
      <section className="hero" aria-labelledby="cat-title">
        <h1 id="cat-title">{t('cat.title')}</h1>
        <p className="lead">{t('cat.lead')}</p>
        <search className="search">
          <label htmlFor="search" className="visually-hidden">
            {t('cat.searchLabel')}
          </label>
          <svg className="search-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.2" />
            <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
          </svg>
          <input
            id="search"
            ref={inputRef}
            data-testid="search"
            type="search"
            // autofocus: the catalogue is a search page; the box is its purpose
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder={t('cat.searchPlaceholder')}
            value={q}
            // the server searches the first 120 characters (MAX_QUERY_CHARS): a longer paste is cut here, not refused
            maxLength={120}
            onChange={(e) => setQ(e.target.value.slice(0, 120))}
            onKeyDown={onInputKey}
            aria-describedby="search-hint"
            aria-controls="results"
          />
          {loading && <span className="spinner search-spinner" aria-hidden="true" />}
        </search>
        <p id="search-hint" className="hint">
          {t('cat.hint')}
        </p>
      </section>

      {error && <ErrorBox error={error} onRetry={reload} />}

      <section aria-label={t('cat.results')} hidden={!!error}>
        <p className="result-count" role="status" aria-live="polite">
          {/* never a stale count next to an error: the count is for the results shown */}
          {shown && !error && (items.length ? t('cat.count', { n: items.length }) : t('cat.none', { q: shown.q }))}
        </p>
        <ul id="results" className="service-list" ref={listRef} onKeyDown={onListKey} data-query={shown?.q ?? ''}>
          {items.map((s) => (
            <li key={s.code}>
              <Link to={`/services/${encodeURIComponent(s.code)}`} className="service-card" data-testid="service-item" data-code={s.code}>
                <span className="service-name">
                  {pick(s.name)}
                  {/* another service has the same name: which one this is (a region, a regime) */}
                  {s.variant && (
                    <span className="service-variant" data-testid="service-variant">
                      {pick(s.variant)}
                    </span>
                  )}
                </span>
                <span className="service-provider">{pick(s.provider.name)}</span>
                {s.categories.length > 0 && (
                  <span className="service-categories" data-testid="service-categories">
                    <span className="visually-hidden">{t('cat.categories')}: </span>
                    {s.categories.map((c, i) => (
                      <span key={c} className="tag tag-muted" data-testid="service-category" data-category={c}>
                        {c in CATEGORIES ? pick(CATEGORIES[c as Category]) : c}
                        {i < s.categories.length - 1 && <span className="visually-hidden">, </span>}
                      </span>
                    ))}
                  </span>
                )}
                <span className="service-meta">
                  <ChannelBadges channels={s.channels} />
                  <span className={s.free ? 'fee fee-free' : 'fee fee-paid'}>{s.free ? t('cat.free') : s.feeKind === 'not-stated' ? t('cat.feeNotStated') : t('cat.fee')}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
