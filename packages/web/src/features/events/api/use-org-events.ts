import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';

export type { LiveStatus };

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
  'server.': (trpc) => [trpc.servers.pathKey()],
  'template.': (trpc) => [trpc.templates.pathKey()],
  'instance.': (trpc) => [trpc.instances.pathKey(), trpc.agency.overview.queryKey()],
  // Deployment progress itself reaches the editor through topologies.onDeployment.
  'topology.': (trpc) => [trpc.topologies.list.queryKey(), trpc.topologies.get.pathKey()],
};

function staleQueries(trpc: Trpc, type: string): QueryKey[] {
  return Object.entries(staleQueriesByPrefix).flatMap(([prefix, keys]) => (type.startsWith(prefix) ? keys(trpc) : []));
}

/**
 * Follows the current organization's events and refetches what each one changes, so edits
 * by other tabs and users show up without a reload. Returns the connection's state.
 */
export function useOrgEvents(enabled: boolean): LiveStatus {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const invalidate = (keys: QueryKey[]) => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  return useLiveSubscription(
    enabled,
    (callbacks) =>
      client.events.onOrgEvent.subscribe(undefined, {
        ...callbacks,
        onData: (event) => invalidate(staleQueries(trpc, event.data.type)),
      }),
    // Also on a first start: something may have changed between the page's fetches and now.
    () => void queryClient.invalidateQueries(),
    [client],
  );
}
