import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useToken } from '../../../lib/auth';
import { isUnauthenticated } from '../../../lib/errors';
import { prepareRealtime, useTRPC, useTRPCClient } from '../../../lib/trpc';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

type Trpc = ReturnType<typeof useTRPC>;

/**
 * Which cached queries an event makes stale, by the prefix of its type. A slice that
 * publishes events adds its prefix here. Every event comes with an audit entry, and roles,
 * members and settings are what a disaster-recovery export counts.
 */
const staleQueriesByPrefix: Readonly<Record<string, (trpc: Trpc) => QueryKey[]>> = {
  '': (trpc) => [trpc.audit.pathKey(), trpc.dr.info.queryKey()],
  'member.': (trpc) => [trpc.members.pathKey(), trpc.auth.me.queryKey(), trpc.organizations.listMine.queryKey()],
  'organization.': (trpc) => [trpc.organizations.pathKey(), trpc.auth.me.queryKey()],
  'org_settings.': (trpc) => [trpc.settings.pathKey()],
  'disaster_recovery.': (trpc) => [trpc.organizations.listMine.queryKey()],
  'agency.': (trpc) => [trpc.agency.pathKey(), trpc.auth.me.queryKey(), trpc.portal.context.queryKey()],
  'portal_domain.': (trpc) => [trpc.agency.overview.queryKey(), trpc.portal.context.queryKey()],
};

function staleQueries(trpc: Trpc, type: string): QueryKey[] {
  return Object.entries(staleQueriesByPrefix).flatMap(([prefix, keys]) => (type.startsWith(prefix) ? keys(trpc) : []));
}

const retryAfterErrorMs = 5_000;

/**
 * Follows the current organization's events and refetches what each one changes, so edits
 * by other tabs and users show up without a reload. Returns the connection's state.
 */
export function useOrgEvents(enabled: boolean): LiveStatus {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const token = useToken();
  const [status, setStatus] = useState<LiveStatus>('off');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled || !token) {
      setStatus('off');
      return;
    }
    let active = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let subscription: { unsubscribe(): void } | undefined;
    const invalidate = (keys: QueryKey[]) => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    setStatus('connecting');
    void prepareRealtime(token).then(() => {
      if (!active) return;
      subscription = client.events.onOrgEvent.subscribe(undefined, {
        // Also on a first start: something may have changed between the page's fetches and now.
        onStarted: () => {
          setStatus('live');
          void queryClient.invalidateQueries();
        },
        onData: (event) => invalidate(staleQueries(trpc, event.data.type)),
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting' && state.error) setStatus('reconnecting');
        },
        onError: (error) => {
          // Refetching `me` finds out whether the session or only the organization ended.
          if (isUnauthenticated(error)) return void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
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
  }, [enabled, token, attempt, client, trpc, queryClient]);

  return status;
}
