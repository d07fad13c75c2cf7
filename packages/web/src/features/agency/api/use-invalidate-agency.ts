import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** Refetches the agency's queries (overview counts, clients, branding, configuration). */
export function useInvalidateAgency() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.agency.pathKey() });
}
