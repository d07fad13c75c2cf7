import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** The organization's templates and its agency's public ones (marked shared). */
export function useTemplates() {
  const trpc = useTRPC();
  return useQuery(trpc.templates.list.queryOptions());
}

/** The organization's instances (view:instances). */
export function useInstances() {
  const trpc = useTRPC();
  return useQuery(trpc.instances.list.queryOptions());
}

/** Refetches the templates, or the instances, after a change here. */
export function useInvalidateTemplates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return {
    templates: () => queryClient.invalidateQueries({ queryKey: trpc.templates.list.queryKey() }),
    instances: () => queryClient.invalidateQueries({ queryKey: trpc.instances.list.queryKey() }),
  };
}
