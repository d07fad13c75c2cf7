import { instanceEvents, type DomainEvent, type OperationWithLogs } from '@ocore/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';
import { useInvalidateInstances, useStoreInstance } from './use-instances';

/**
 * Follows instance status through `instances.onStatus` (one instance, or all of the
 * organization's): each change replaces the cached instance and refetches the instances.
 * Returns the connection's state.
 */
export function useInstanceStatusLive(enabled: boolean, instanceId?: string): LiveStatus {
  const client = useTRPCClient();
  const store = useStoreInstance();
  const invalidate = useInvalidateInstances();
  const onEvent = (event: DomainEvent<'instance.status' | 'instance.created' | 'instance.deleted'>) => {
    // The status shows at once; the refetch then brings the variables as stored, since an
    // event read back from the events table has its nested keys camelCased (LOG_LEVEL).
    if (event.type === instanceEvents.status) store(event.payload.instance, true);
    void invalidate({ live: true });
  };
  return useLiveSubscription(
    enabled,
    (callbacks) =>
      client.instances.onStatus.subscribe(instanceId ? { instanceId } : undefined, {
        ...callbacks,
        onData: (event) => onEvent(event.data),
      }),
    // What changed before the subscription listened is fetched again.
    () => void invalidate(),
    [client, instanceId],
  );
}

type Operations = { items: OperationWithLogs[]; total: number };

/** The operations with one event applied; undefined when the cache cannot take it (a new operation). */
function applyEvent(
  list: Operations,
  event: DomainEvent<'instance.operation' | 'instance.log'>,
): Operations | undefined {
  if (event.type === instanceEvents.log) {
    const { line, operationId } = event.payload;
    const target = list.items.find((o) => o.id === operationId);
    if (!target) return undefined;
    const seen = target.logs.some((l) => l.at === line.at && l.text === line.text && l.step === line.step);
    const items = list.items.map((o) => (o === target && !seen ? { ...o, logs: [...o.logs, line] } : o));
    return { ...list, items };
  }
  const { operation } = event.payload;
  if (!list.items.some((o) => o.id === operation.id)) return undefined;
  return { ...list, items: list.items.map((o) => (o.id === operation.id ? { ...o, ...operation } : o)) };
}

/**
 * Streams an instance's operations through `instances.onOperation`: progress and log lines
 * are added to the cached operations as they come; a new operation refetches them.
 */
export function useInstanceOperationsLive(instanceId: string): LiveStatus {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const queryKey = trpc.instances.operations.queryKey({ id: instanceId });
  const refetch = () => void queryClient.invalidateQueries({ queryKey });
  const onEvent = (event: DomainEvent<'instance.operation' | 'instance.log'>) => {
    const list = queryClient.getQueryData(queryKey);
    const next = list ? applyEvent(list, event) : undefined;
    if (next) queryClient.setQueryData(queryKey, next);
    else refetch();
  };
  return useLiveSubscription(
    true,
    (callbacks) =>
      client.instances.onOperation.subscribe({ instanceId }, { ...callbacks, onData: (event) => onEvent(event.data) }),
    refetch,
    [client, instanceId],
  );
}
