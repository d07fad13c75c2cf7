import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** The instance's custom domains; kept live by the organization's `instance_domain.*` events. */
export function useInstanceDomains(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.instanceDomains.list.queryOptions({ id }));
}

/** The add, verify and remove mutations, each refreshing the list when done. */
export function useDomainMutations(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => void queryClient.invalidateQueries({ queryKey: trpc.instanceDomains.list.queryKey({ id }) });
  return {
    add: useMutation(trpc.instanceDomains.add.mutationOptions({ onSuccess })),
    verify: useMutation(trpc.instanceDomains.verify.mutationOptions({ onSuccess })),
    remove: useMutation(trpc.instanceDomains.remove.mutationOptions({ onSuccess })),
  };
}
