import type { PortalContext, UserOrganization } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useSwitchOrg } from '../../../lib/use-switch-org';
import { isPortalHost } from '../utils/portal-host';
import { portalNameOf, usePublicPortal } from './use-public-portal';

export type PortalAccess =
  | { state: 'pending' }
  | { state: 'ready'; context: PortalContext }
  | { state: 'denied'; portalName: string; reason: string };

interface Target {
  kind: 'client' | 'agency';
  name: string;
}

/** Whom the host's portal serves: a client of the agency, or the agency itself. */
function targetOf(visitor: PortalContext): Target {
  return visitor.client
    ? { kind: 'client', name: visitor.client.name }
    : { kind: 'agency', name: visitor.agency?.name ?? '' };
}

function serves(context: PortalContext | undefined, target: Target): boolean {
  if (!context?.authenticated) return false;
  return target.kind === 'client'
    ? context.client?.name === target.name
    : !context.client && context.agency?.name === target.name;
}

/**
 * The public portal context names its client but gives no id, so the organization is
 * found among the user's own by name (client organizations under an agency, or the agency).
 */
function findOrganization(orgs: readonly UserOrganization[], target: Target): UserOrganization | undefined {
  return orgs.find((org) =>
    target.kind === 'client'
      ? org.parentOrganizationId !== null && org.name === target.name
      : org.agencyEnabled && org.name === target.name,
  );
}

/**
 * The signed-in portal. Sign-in makes the user's first organization current, which on a
 * portal host may not be the one the host serves: then the session switches to it, and a
 * user who is no member of it is told so instead of seeing another organization's data.
 */
export function usePortalAccess(): PortalAccess {
  const trpc = useTRPC();
  const visitor = usePublicPortal(isPortalHost);
  const context = useQuery(trpc.portal.context.queryOptions());
  const orgs = useQuery(trpc.organizations.listMine.queryOptions(undefined, { enabled: isPortalHost }));
  const switchOrg = useSwitchOrg();
  const attempted = useRef<string | null>(null);

  const target = isPortalHost && visitor.data ? targetOf(visitor.data) : null;
  const matches = target ? serves(context.data, target) : context.isSuccess;
  const candidate = target && !matches && orgs.data ? findOrganization(orgs.data.items, target) : undefined;

  useEffect(() => {
    if (!candidate || attempted.current === candidate.id) return;
    attempted.current = candidate.id;
    switchOrg.mutate({ organizationId: candidate.id });
  }, [candidate, switchOrg]);

  if (matches && context.data) return { state: 'ready', context: context.data };
  if (!isPortalHost) {
    return context.isError
      ? { state: 'denied', portalName: 'this portal', reason: messageOf(context.error) }
      : { state: 'pending' };
  }
  if (visitor.isError) return { state: 'denied', portalName: 'this portal', reason: messageOf(visitor.error) };
  if (!visitor.data || context.isPending || orgs.isPending) return { state: 'pending' };
  const switching = candidate && (attempted.current !== candidate.id || switchOrg.isPending || context.isFetching);
  if (switching) return { state: 'pending' };
  const portalName = portalNameOf(visitor.data);
  const reason = switchOrg.error ? messageOf(switchOrg.error) : `This account is not a member of ${portalName}.`;
  return { state: 'denied', portalName, reason };
}
