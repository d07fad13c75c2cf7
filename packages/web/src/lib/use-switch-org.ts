import { useMutation, useQueryClient } from '@tanstack/react-query';
import { setToken } from './auth';
import { useTRPC } from './trpc';

/**
 * Makes another organization the current one: the server issues a token scoped to it, which
 * replaces the stored one, and every cached query (all scoped to the old organization) refetches.
 */
export function useSwitchOrg() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.switchOrg.mutationOptions({
      onSuccess: async (result) => {
        setToken(result.token);
        await queryClient.invalidateQueries();
      },
    }),
  );
}
