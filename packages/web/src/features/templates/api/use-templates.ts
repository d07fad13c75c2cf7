import type { ListTemplatesInput } from '@ocore/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import { listPageSize, nextCursorOf } from '../../../lib/use-list-params';

/** All the organization's templates and its agency's public ones (marked shared), for pickers. */
export function useTemplates() {
  const trpc = useTRPC();
  return useQuery(trpc.templates.list.queryOptions());
}

/** The templates as the list shows them: searched, filtered, sorted, a page at a time. */
export function useTemplatePages(input: NonNullable<ListTemplatesInput>) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.templates.list.infiniteQueryOptions({ ...input, limit: listPageSize }, { getNextPageParam: nextCursorOf }),
  );
}

/** The organization's instances (view:instances). */
export function useInstances() {
  const trpc = useTRPC();
  return useQuery(trpc.instances.list.queryOptions());
}

/** Refetches the templates (every list of them), or the instances, after a change here. */
export function useInvalidateTemplates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return {
    templates: () => queryClient.invalidateQueries({ queryKey: trpc.templates.list.pathKey() }),
    instances: () => queryClient.invalidateQueries({ queryKey: trpc.instances.list.pathKey() }),
  };
}
