import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** The user's active sessions, and ending one or all the others. */
export function useSessions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
  return {
    list: useQuery(trpc.auth.sessions.queryOptions()),
    end: useMutation(trpc.auth.endSession.mutationOptions({ onSuccess: refresh })),
    endOthers: useMutation(trpc.auth.endOtherSessions.mutationOptions({ onSuccess: refresh })),
    refresh,
  };
}
