import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useToken } from '../../../lib/auth';
import { isClientError, isUnauthenticated } from '../../../lib/errors';
import { prepareRealtime, useTRPC, useTRPCClient } from '../../../lib/trpc';
import type { LiveStatus } from '../../events/api/use-org-events';
import { applyDomainEvent, type DomainList } from '../utils/domain-cache';

const retryAfterErrorMs = 5_000;

/**
 * Follows `portalDomains.onStatus` while the domains page is open and writes each domain's new
 * state into the cached list, so DNS, SSL and active badges change as checks and certificate
 * steps happen. Returns the connection's state; a reconnection replays what it missed.
 */
export function usePortalDomainEvents(): LiveStatus {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const token = useToken();
  const [status, setStatus] = useState<LiveStatus>('off');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    let active = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let subscription: { unsubscribe(): void } | undefined;
    const listKey = trpc.portalDomains.list.queryKey();
    const updateList = (update: (list: DomainList | undefined) => DomainList | undefined) =>
      queryClient.setQueryData(listKey, update);
    setStatus('connecting');
    void prepareRealtime(token).then(() => {
      if (!active) return;
      subscription = client.portalDomains.onStatus.subscribe(undefined, {
        // Whatever changed between the list's fetch and now is fetched once more.
        onStarted: () => {
          setStatus('live');
          void queryClient.invalidateQueries({ queryKey: listKey });
        },
        onData: ({ data: event }) => updateList((list) => applyDomainEvent(list, event)),
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting' && state.error) setStatus('reconnecting');
        },
        onError: (error) => {
          if (isUnauthenticated(error)) return void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
          // Refused (the permission went): retrying would be refused too.
          if (isClientError(error)) return setStatus('off');
          setStatus('reconnecting');
          retry = setTimeout(() => setAttempt((n) => n + 1), retryAfterErrorMs);
        },
        onComplete: () => setStatus('off'),
      });
    });
    return () => {
      active = false;
      clearTimeout(retry);
      subscription?.unsubscribe();
    };
  }, [token, attempt, client, trpc, queryClient]);

  return token ? status : 'off';
}
