import type { Instance, ListInstancesInput } from '@ocore/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import { listPageSize, nextCursorOf } from '../../../lib/use-list-params';

/** The organization's instances (view:instances); kept current by useInstanceStatusLive. */
export function useInstances(enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.instances.list.queryOptions(undefined, { enabled }));
}

/** The instances as the list shows them: searched, filtered, sorted, a page at a time. */
export function useInstancePages(input: NonNullable<ListInstancesInput>) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.instances.list.infiniteQueryOptions({ ...input, limit: listPageSize }, { getNextPageParam: nextCursorOf }),
  );
}

/** One instance, for its page. */
export function useInstance(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.instances.get.queryOptions({ id }));
}

/** The instance's operations, newest first, with their log lines; kept current by useInstanceOperationsLive. */
export function useInstanceOperations(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.instances.operations.queryOptions({ id }));
}

/** The organization's projects. */
export function useProjects(enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.projects.list.queryOptions(undefined, { enabled }));
}

/**
 * Refetches the instances and their operations after a change. `live`: for a pushed change,
 * whose status is already in the caches (useStoreInstance); a fetch under way is left to
 * finish rather than cancelled, so a stream of status events cannot cancel "Load more".
 */
export function useInvalidateInstances() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return ({ live = false } = {}) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.instances.pathKey() }, { cancelRefetch: !live }),
      queryClient.invalidateQueries({ queryKey: trpc.projects.pathKey() }, { cancelRefetch: !live }),
    ]);
}

/**
 * Puts the instance as the server now sees it in the caches of its page and of the lists;
 * with `keepEnvVars`, the cached variables stay (an event's may have its keys camelCased).
 */
export function useStoreInstance() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (instance: Instance, keepEnvVars = false) => {
    const merge = (old: Instance | undefined) =>
      keepEnvVars && old ? { ...instance, envVars: old.envVars } : instance;
    queryClient.setQueryData(trpc.instances.get.queryKey({ id: instance.id }), merge);
    const replace = <L extends { items: Instance[] }>(list: L): L => ({
      ...list,
      items: list.items.map((i) => (i.id === instance.id ? merge(i) : i)),
    });
    queryClient.setQueryData(trpc.instances.list.queryKey(), (list) => (list ? replace(list) : list));
    queryClient.setQueriesData({ queryKey: trpc.instances.list.infiniteQueryKey() }, (data: unknown) => {
      const pages = data as { pages: { items: Instance[] }[] } | undefined;
      return pages ? { ...pages, pages: pages.pages.map(replace) } : pages;
    });
  };
}

export type InstanceAction = 'start' | 'stop' | 'restart' | 'redeploy';

/** Asks for start, stop, restart or redeploy; the operation then shows live on the instance's page. */
export function useInstanceAction(kind: InstanceAction) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInstances();
  return useMutation(trpc.instances[kind].mutationOptions({ onSuccess: () => invalidate() }));
}
