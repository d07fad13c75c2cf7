import type { AppRouter } from '@ocore/server';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '../../../lib/trpc';

export type ClientRow = inferRouterOutputs<AppRouter>['agency']['listClients']['items'][number];

const pageSize = 25;

/** The agency's client organizations, newest first, a page at a time. */
export function useClients(enabled: boolean) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.agency.listClients.infiniteQueryOptions(
      { limit: pageSize },
      { enabled, getNextPageParam: (page) => page.nextCursor },
    ),
  );
}
