import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useToken } from '../../../lib/auth';

interface FromState {
  from?: string;
}

/** Sends signed-out visitors to the sign-in page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useToken();
  const location = useLocation();
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname } satisfies FromState} />;
  return children;
}

/** The sign-in and sign-up pages: once a session exists, go on to where the user was going, else `home`. */
export function GuestOnly({ home = '/' }: { home?: string }) {
  const token = useToken();
  const location = useLocation();
  if (token) {
    const from = (location.state as FromState | null)?.from;
    return <Navigate to={from && from !== '/' ? from : home} replace />;
  }
  return <Outlet />;
}
