import type { Server } from '@ocore/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The organization's servers, oldest first; live events keep the status badges current. */
export function useServers(enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.servers.list.queryOptions(undefined, { enabled }));
}

/**
 * The servers an instance of the organization may be placed on: its own and, for a client, its
 * agency's (the create and provision forms offer them).
 */
export function usePlacementServers(enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.servers.list.queryOptions({ withAgency: true, limit: 200 }, { enabled }));
}

/** How a server is named where one is picked: its status, and whose it is when not the organization's. */
export function placementLabel(server: Server, organizationId: string | undefined): string {
  const whose = organizationId && server.organizationId !== organizationId ? ', the agency’s' : '';
  return `${server.name} (${server.status}${whose})`;
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
