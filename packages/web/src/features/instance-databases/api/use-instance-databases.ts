import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** The instance's databases with their sizes, and the one it serves. */
export function useInstanceDatabases(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.instanceDatabases.list.queryOptions({ id }));
}

/** Puts a changed list (every database mutation answers the list) in the cache. */
export function useSetDatabases(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (list: Parameters<typeof queryClient.setQueryData>[1]) =>
    queryClient.setQueryData(trpc.instanceDatabases.list.queryKey({ id }), list as never);
}
