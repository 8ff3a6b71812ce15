/**
 * Who is signed in. GET /api/v1/me on start (401 → nobody); sign-in and sign-out
 * call the API, which sets or clears the HttpOnly session cookie. Password sign-in of
 * an account with an SMS second factor yields the pending code instead of a session;
 * the login page completes it (or a certificate login) and then calls `refresh()`.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, isApiError, type Me, type MfaRequired } from './api.ts';

interface SessionApi {
  /** undefined while the first check is running. */
  user: Me | null | undefined;
  refresh: () => Promise<Me | null>;
  /** null when signed in; the pending SMS step when the account has a second factor. */
  signIn: (iin: string, password: string) => Promise<MfaRequired | null>;
  signOut: () => Promise<void>;
}

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const me = await api<Me>('/api/v1/me');
      setUser(me);
      return me;
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        setUser(null);
        return null;
      }
      setUser((u) => (u === undefined ? null : u));
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (iin: string, password: string) => {
      const r = await api<MfaRequired | { token: string }>('/api/v1/auth/login', { method: 'POST', body: { iin, password } });
      if ('mfaRequired' in r && r.mfaRequired) return r;
      await refresh();
      return null;
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST', body: {} });
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, refresh, signIn, signOut }), [user, refresh, signIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
