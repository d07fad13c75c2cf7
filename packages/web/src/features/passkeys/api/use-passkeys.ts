import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** The signed-in user's passkeys. */
export function usePasskeys() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.passkeys.queryOptions());
}

/** Removes one of the user's passkeys, then refreshes the list. */
export function useDeletePasskey() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.deletePasskey.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.passkeys.queryKey() }),
    }),
  );
}
