/** Layout (header with language switch and session, footer) and the route table. */
import { type JSX, lazy, Suspense, useEffect, useRef } from 'react';
import { LANG_LABELS, LANGS, useI18n } from './i18n.tsx';
import { PORTAL_ROUTES } from './portal/routes.tsx';
import { NotFoundPage } from './portal/NotFoundPage.tsx';
import { Link, match, navigate, useLocation } from './router.tsx';
import { useSession } from './session.tsx';

/** A workplace's pages are loaded only when one of its paths is opened (React.lazy). */
const OfficeApp = lazy(() => import('./office/OfficeApp.tsx'));
/** The public verification of a document by its number (the QR code on every document leads here). */
const VerifyApp = lazy(() => import('./verify/VerifyApp.tsx'));
/** Who works in the office (kept here so the portal's header does not load the office's code). */
const STAFF_ROLES = ['provider-clerk', 'provider-head', 'responsible-executor', 'centre-operator', 'akimat-officer', 'branch-head'];

/** Every workplace: its path prefix and its routes (web/README.md). The portal is the default. */
const ROUTES: Array<[string, (p: Record<string, string>) => JSX.Element]> = [
  ...PORTAL_ROUTES,
  ['/office', () => <Suspense fallback={null}><OfficeApp /></Suspense>],
  ['/office/tasks/:id', () => <Suspense fallback={null}><OfficeApp /></Suspense>],
  ['/verify', () => <Suspense fallback={null}><VerifyApp /></Suspense>],
  ['/verify/:number', () => <Suspense fallback={null}><VerifyApp /></Suspense>],
];

function route(path: string) {
  for (const [pattern, render] of ROUTES) {
    const p = match(pattern, path);
    if (p) return render(p);
  }
  return <NotFoundPage />;
}

function Logo() {
  return (
    <svg className="logo-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#00AFCA" />
      <circle cx="16" cy="16" r="6" fill="#FEC50C" />
      <g stroke="#FEC50C" strokeWidth="2" strokeLinecap="round">
        <path d="M16 4v3M16 25v3M4 16h3M25 16h3M7.5 7.5l2.1 2.1M22.4 22.4l2.1 2.1M7.5 24.5l2.1-2.1M22.4 9.6l2.1-2.1" />
      </g>
    </svg>
  );
}

function Header() {
  const { t, lang, setLang } = useI18n();
  const { user, signOut } = useSession();
  const { path, href } = useLocation();
  const current = (prefix: string) => (prefix === '/' ? path === '/' || path.startsWith('/services') : path.startsWith(prefix));
  return (
    <header className="site-header">
      <div className="flag-stripe" aria-hidden="true" />
      <div className="container header-top">
        <Link to="/" className="brand">
          <Logo />
          <span className="brand-text">
            <span className="brand-name">Qyzmet</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <fieldset className="plain lang-switch">
          <legend className="visually-hidden">{t('nav.language')}</legend>
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              className="lang-btn"
              aria-pressed={lang === l}
              aria-label={LANG_LABELS[l].name}
              data-testid={`lang-${l}`}
              onClick={() => setLang(l)}
            >
              {LANG_LABELS[l].short}
            </button>
          ))}
        </fieldset>
      </div>
      <nav className="main-nav" aria-label={t('nav.main')}>
        <div className="container nav-inner">
          <ul className="nav-links">
            <li>
              <Link to="/" aria-current={current('/') ? 'page' : undefined}>
                {t('nav.services')}
              </Link>
            </li>
            <li>
              <Link to="/cabinet" aria-current={current('/cabinet') ? 'page' : undefined}>
                {t('nav.cabinet')}
              </Link>
            </li>
            {user?.roles.some((r) => STAFF_ROLES.includes(r)) && (
              <li>
                <Link to="/office" aria-current={current('/office') ? 'page' : undefined} data-testid="nav-office">
                  {t('nav.office')}
                </Link>
              </li>
            )}
            {user?.roles.includes('admin') && (
              <li>
                <Link to="/admin/editorial" aria-current={current('/admin') ? 'page' : undefined} data-testid="nav-admin">
                  {t('nav.admin')}
                </Link>
              </li>
            )}
          </ul>
          <div className="nav-user">
            {user ? (
              <>
                <span className="user-name" data-testid="user-name">
                  <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className="user-icon">
                    <circle cx="10" cy="7" r="4" fill="currentColor" />
                    <path d="M2 19c0-4.4 3.6-7 8-7s8 2.6 8 7" fill="currentColor" />
                  </svg>
                  {user.name}
                </span>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  data-testid="logout"
                  onClick={async () => {
                    await signOut();
                    navigate('/');
                  }}
                >
                  {t('nav.signOut')}
                </button>
              </>
            ) : user === null && !path.startsWith('/login') ? (
              <Link to={`/login?next=${encodeURIComponent(href)}`} className="btn btn-ghost btn-small" data-testid="login-link">
                {t('nav.signIn')}
              </Link>
            ) : null}
          </div>
        </div>
      </nav>
    </header>
  );
}

function Footer() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="container footer-inner">
        <p>{t('footer.text')}</p>
        <p>
          {t('footer.callCentre')} · <a href="/docs">{t('footer.api')}</a>
        </p>
      </div>
    </footer>
  );
}

export function App() {
  const { t } = useI18n();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation: back to the top, and focus on the new page
  // (unless the page focused a field itself, like the catalogue's search box).
   
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const a = document.activeElement;
    if (a && ['INPUT', 'TEXTAREA', 'SELECT'].includes(a.tagName)) return;
    main.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1} className="container main">
        {route(path)}
      </main>
      <Footer />
    </>
  );
}
