import type { DomainEventSlice, DomainEventType } from '@ocore/core';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';

export type { LiveStatus };

type Trpc = ReturnType<typeof useTRPC>;

/**
 * Which cached queries an event makes stale, by the slice that published it: one entry per
 * slice of core's event map, so a new slice cannot be forgotten here. Every event comes with
 * an audit entry, and roles, members and settings are what a disaster-recovery export counts.
 */
const staleQueriesBySlice: Readonly<Record<DomainEventSlice, (trpc: Trpc) => QueryKey[]>> = {
  organization: (trpc) => [trpc.organizations.pathKey(), trpc.auth.me.queryKey()],
  member: (trpc) => [trpc.members.pathKey(), trpc.auth.me.queryKey(), trpc.organizations.listMine.queryKey()],
  invitation: (trpc) => [trpc.invitations.pathKey()],
  org_settings: (trpc) => [trpc.settings.pathKey()],
  notification_rules: (trpc) => [trpc.notifications.pathKey()],
  notification_channel: (trpc) => [trpc.notifications.pathKey()],
  api_key: (trpc) => [trpc.apiKeys.pathKey()],
  disaster_recovery: (trpc) => [trpc.organizations.listMine.queryKey()],
  agency: (trpc) => [trpc.agency.pathKey(), trpc.auth.me.queryKey(), trpc.portal.context.queryKey()],
  portal_domain: (trpc) => [trpc.agency.overview.queryKey(), trpc.portal.context.queryKey()],
  server: (trpc) => [trpc.servers.pathKey()],
  template: (trpc) => [trpc.templates.pathKey()],
  project: (trpc) => [trpc.projects.pathKey()],
  instance: (trpc) => [trpc.instances.pathKey(), trpc.agency.overview.queryKey()],
  instance_domain: (trpc) => [trpc.instanceDomains.pathKey()],
  // Deployment progress itself reaches the editor through topologies.onDeployment.
  topology: (trpc) => [trpc.topologies.list.pathKey(), trpc.topologies.get.pathKey()],
  // The backups page follows backups.onBackup, which carries every backup as it changes.
  backup: () => [],
  backup_destination: (trpc) => [trpc.backupDestinations.pathKey()],
  terminal: () => [],
};

function staleQueries(trpc: Trpc, type: DomainEventType): QueryKey[] {
  const slice = type.slice(0, type.indexOf('.')) as DomainEventSlice;
  return [trpc.audit.pathKey(), trpc.dr.info.queryKey(), ...staleQueriesBySlice[slice](trpc)];
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
