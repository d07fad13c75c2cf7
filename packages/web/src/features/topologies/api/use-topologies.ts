import type { ListTopologiesInput } from '@ocore/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import { listPageSize, nextCursorOf } from '../../../lib/use-list-params';

/** The topologies as the list shows them: searched, sorted, a page at a time. */
export function useTopologyPages(input: NonNullable<ListTopologiesInput>) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.topologies.list.infiniteQueryOptions({ ...input, limit: listPageSize }, { getNextPageParam: nextCursorOf }),
  );
}

/** One topology, as last saved. */
export function useTopology(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.topologies.get.queryOptions({ id }));
}
