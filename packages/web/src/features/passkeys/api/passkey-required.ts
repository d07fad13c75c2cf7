import type { Me } from '@ocore/core';
import type { AppRouter } from '@ocore/server';
import type { QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { errorCodeOf } from '../../../lib/errors';
import { trpcClient } from '../../../lib/trpc';

/**
 * An organization that starts to require passkeys refuses the sessions already open
 * (PASSKEY_REQUIRED). Refetching `auth.me`, which then shows no organization, turns the
 * organization's pages into the explanation (see usePasskeyRequirement) at the first refusal.
 */
export function createPasskeyRequiredHandler(queryClient: QueryClient): (error: unknown) => void {
  const meKey = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient }).auth.me.queryKey();
  return (error) => {
    if (errorCodeOf(error) !== 'PASSKEY_REQUIRED') return;
    if (queryClient.getQueryData<Me>(meKey)?.organization) void queryClient.invalidateQueries({ queryKey: meKey });
  };
}
