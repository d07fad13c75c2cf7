import type { Deployment } from '@ocore/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';
import { newerDeployment } from '../utils/deployment-cache';

/** The topology's latest deployment; null until it is first deployed (an answer, not an error). */
export function useDeploymentStatus(topologyId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.topologies.latestDeployment.queryOptions({ id: topologyId }));
}

/** Puts a deployment into the cache, unless a newer one is there already. */
export function useStoreDeployment(topologyId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.topologies.latestDeployment.queryKey({ id: topologyId });
  return (deployment: Deployment) => queryClient.setQueryData(key, (current) => newerDeployment(current, deployment));
}

/**
 * Follows `topologies.onDeployment` for one topology while its editor is open: every change
 * of a node or of the deployment replaces the cached deployment, so the graph and the list
 * show each node's progress as it happens. Returns the connection's state.
 */
export function useDeploymentEvents(topologyId: string): LiveStatus {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useStoreDeployment(topologyId);
  return useLiveSubscription(
    true,
    (callbacks) =>
      client.topologies.onDeployment.subscribe(
        { topologyId },
        {
          ...callbacks,
          // Both `topology.deployment` and `topology.deploy_started` carry the deployment.
          onData: ({ data: event }) => store(event.payload.deployment),
        },
      ),
    // What happened between the first fetch and now is fetched once more.
    () =>
      void queryClient.invalidateQueries({ queryKey: trpc.topologies.latestDeployment.queryKey({ id: topologyId }) }),
    [client, topologyId],
  );
}
