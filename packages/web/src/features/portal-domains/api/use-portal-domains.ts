import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import type { DomainList } from '../utils/domain-cache';

/** The agency's portal domains, oldest first, kept current by `usePortalDomainEvents`. */
export function usePortalDomains() {
  const trpc = useTRPC();
  return useQuery(trpc.portalDomains.list.queryOptions());
}

/** Rewrites the cached list in place, so a change shows without a refetch. */
export function useUpdateDomainList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (update: (list: DomainList | undefined) => DomainList | undefined) =>
    queryClient.setQueryData(trpc.portalDomains.list.queryKey(), update);
}
