import type { AppRouter } from '@ocore/server';
import type { QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { getToken, logout } from '../../../lib/auth';
import { isUnauthenticated, messageOf } from '../../../lib/errors';
import { trpcClient } from '../../../lib/trpc';

/**
 * A 401 means one of two things: the token is dead (expired, user gone), or only its
 * organization is (membership ended, organization deleted) while the user may still list
 * and switch organizations. `auth.me` tells which: the session ends only in the first case;
 * in the second the cached `me` loses its organization and the pages say what to do next.
 */
export function createAuthFailureHandler(queryClient: QueryClient): (error: unknown) => void {
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  let checking = false;
  return (error) => {
    const token = getToken();
    if (checking || !token || !isUnauthenticated(error)) return;
    checking = true;
    trpcClient.auth.me
      .query()
      .then(
        // An answer for a token that was replaced meanwhile (a switch) is about nothing current.
        (me) => {
          if (getToken() === token) queryClient.setQueryData(trpc.auth.me.queryKey(), me);
        },
        (failure: unknown) => {
          if (getToken() === token && isUnauthenticated(failure)) logout(messageOf(failure));
        },
      )
      .finally(() => {
        checking = false;
      });
  };
}
