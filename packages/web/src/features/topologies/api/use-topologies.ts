import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** The organization's topologies. */
export function useTopologies() {
  const trpc = useTRPC();
  return useQuery(trpc.topologies.list.queryOptions());
}

/** One topology, as last saved. */
export function useTopology(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.topologies.get.queryOptions({ id }));
}
