import { type ReactNode, useEffect } from 'react';
import { navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Loading } from './ui.tsx';

/** Renders children for a signed-in user; otherwise sends them to /login and back here afterwards. */
export function RequireUser({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const { href } = useLocation();
  useEffect(() => {
    if (user === null) navigate(`/login?next=${encodeURIComponent(href)}`, { replace: true });
  }, [user, href]);
  return user ? children : <Loading />;
}
