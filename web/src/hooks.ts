import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, api, toApiError } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GET `path` (null = nothing to load); stale responses are dropped when `path` changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ path: string | null; data?: T; error: ApiError | null; loading: boolean }>({ path: null, error: null, loading: !!path });
  const [tick, setTick] = useState(0);
   
  useEffect(() => {
    if (!path) return;
    const ac = new AbortController();
    setState((s) => ({ path, data: s.path === path ? s.data : undefined, error: null, loading: true }));
    api<T>(path, { signal: ac.signal })
      .then((data) => {
        if (!ac.signal.aborted) setState({ path, data, error: null, loading: false });
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setState({ path, error: toApiError(e), loading: false });
      });
    return () => ac.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : null, loading: !!path && (!current || state.loading), reload };
}

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Qyzmet` : 'Qyzmet';
  }, [title]);
}

/** The value, `ms` after it last changed. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}
