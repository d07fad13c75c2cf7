import type { Organization, UserOrganization } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';

export interface OperatedClient {
  client: Organization;
  /** The agency the user operates the client for, when they are still one of its members. */
  agency: UserOrganization | undefined;
}

/**
 * The client organization the user is in as an agency operator (Admin through the agency's
 * manage:agency, without being a member), or undefined when they are in it as a member or
 * the current organization is no client.
 */
export function useOperatedClient(): OperatedClient | undefined {
  const trpc = useTRPC();
  const me = useMe();
  const client = me.data?.organization;
  const orgs = useQuery(
    trpc.organizations.listMine.queryOptions(undefined, { enabled: Boolean(client?.parentOrganizationId) }),
  );
  if (!client?.parentOrganizationId || !orgs.data) return undefined;
  if (orgs.data.items.some((org) => org.id === client.id)) return undefined;
  return { client, agency: orgs.data.items.find((org) => org.id === client.parentOrganizationId) };
}
