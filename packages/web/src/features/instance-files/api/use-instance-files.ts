import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** A folder of the instance (null: the two roots). */
export function useFileListing(id: string, path: string | null) {
  const trpc = useTRPC();
  return useQuery(trpc.instanceFiles.list.queryOptions(path === null ? { id } : { id, path }));
}

/** Refetches the listings of the instance after a change (restartRequired included). */
export function useInvalidateFiles(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.instanceFiles.list.queryKey({ id }) });
}
