/**
 * A tiny History-API router: `useLocation()` re-renders on navigation,
 * `navigate()` pushes (or replaces) a URL, `<Link>` is a real <a href> that
 * navigates without a page load, `match()` turns `/services/:code` into params.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  path: string;
  query: URLSearchParams;
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const [path = '/', search = ''] = href.split('?');
  return { path, query: new URLSearchParams(search), href };
}

export function navigate(to: string, opts: { replace?: boolean; state?: unknown } = {}): void {
  if (to === snapshot() && !opts.state) return;
  if (opts.replace) window.history.replaceState(opts.state ?? null, '', to);
  else window.history.pushState(opts.state ?? null, '', to);
  notify();
}

/** History state passed with navigate(…, { state }) (e.g. "just submitted"). */
export function historyState<T>(): T | null {
  return (window.history.state as T | null) ?? null;
}

/** `match('/services/:code', '/services/abc')` → `{ code: 'abc' }` or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const norm = (x: string) => (x.length > 1 ? x.replace(/\/+$/, '') : x);
  const p = norm(pattern).split('/');
  const s = norm(path).split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as string;
    const b = s[i] as string;
    if (a.startsWith(':')) {
      if (!b) return null;
      try {
        params[a.slice(1)] = decodeURIComponent(b);
      } catch {
        return null;
      }
    } else if (a !== b) return null;
  }
  return params;
}

/** Only same-site paths are allowed as a return address after sign-in. */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...rest} />;
}
