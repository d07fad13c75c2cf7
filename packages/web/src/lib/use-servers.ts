import type { Server } from '@ocore/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The organization's servers, oldest first; live events keep the status badges current. */
export function useServers(enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.servers.list.queryOptions(undefined, { enabled }));
}

/** One server, for its page. */
export function useServer(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.servers.get.queryOptions({ id }));
}

/** Changes a server; the answer replaces the cached server and the list is refreshed. */
export function useUpdateServer() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.servers.update.mutationOptions({
      onSuccess: async (server) => {
        queryClient.setQueryData(trpc.servers.get.queryKey({ id: server.id }), server);
        await queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey() });
      },
    }),
  );
}

/** Each server's name by id, for pages that show which server something runs on. */
export function serverNamesOf(servers: readonly Server[] | undefined): ReadonlyMap<string, string> {
  return new Map((servers ?? []).map((s) => [s.id, s.name]));
}
