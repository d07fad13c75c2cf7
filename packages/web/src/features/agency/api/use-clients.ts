import type { ClientSort } from '@ocore/core';
import type { RouterOutputs } from '@ocore/server';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import { listPageSize, nextCursorOf } from '../../../lib/use-list-params';

export type ClientRow = RouterOutputs['agency']['listClients']['items'][number];

/** The agency's client organizations, newest first unless sorted, searched, a page at a time. */
export function useClients(
  enabled: boolean,
  query: { search?: string; sort?: ClientSort; order?: 'asc' | 'desc' } = {},
) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.agency.listClients.infiniteQueryOptions(
      { ...query, limit: listPageSize },
      { enabled, getNextPageParam: nextCursorOf },
    ),
  );
}
