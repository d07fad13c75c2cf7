import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

// clientListLimits.maxLimit in core; importing it would bring core and zod into the bundle.
const mostClientsPerPage = 200;

/** The agency's clients to bind a domain to, newest first (as many as one page holds). */
export function useClientOptions() {
  const trpc = useTRPC();
  return useQuery(trpc.agency.listClients.queryOptions({ limit: mostClientsPerPage }));
}
