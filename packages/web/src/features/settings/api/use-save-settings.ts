import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/**
 * Saves part of the settings. Each section calls this for its own mutation, so its pending
 * state, success and errors stay with it. A new subscription code comes with its validation,
 * and the disaster-recovery counts include the secrets, so both refetch.
 */
export function useSaveSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: async (settings) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), settings);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.settings.subscriptionStatus.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.dr.info.queryKey() }),
        ]);
      },
    }),
  );
}
