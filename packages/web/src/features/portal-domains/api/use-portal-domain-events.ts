import { useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';
import { applyDomainEvent, type DomainList } from '../utils/domain-cache';

/**
 * Follows `portalDomains.onStatus` while the domains page is open and writes each domain's new
 * state into the cached list, so DNS, SSL and active badges change as checks and certificate
 * steps happen. Returns the connection's state; a reconnection replays what it missed.
 */
export function usePortalDomainEvents(): LiveStatus {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const listKey = trpc.portalDomains.list.queryKey();
  const updateList = (update: (list: DomainList | undefined) => DomainList | undefined) =>
    queryClient.setQueryData(listKey, update);
  return useLiveSubscription(
    true,
    (callbacks) =>
      client.portalDomains.onStatus.subscribe(undefined, {
        ...callbacks,
        onData: ({ data: event }) => updateList((list) => applyDomainEvent(list, event)),
      }),
    // Whatever changed between the list's fetch and now is fetched once more.
    () => void queryClient.invalidateQueries({ queryKey: listKey }),
    [client],
  );
}
