import { useQuery } from '@tanstack/react-query';
import { useToken } from '../../../lib/auth';
import { useTRPC } from '../../../lib/trpc';
import { isPortalHost } from '../utils/portal-host';

/** `pending` while it is not known yet; nothing is shown then, so no wrong brand flashes. */
export type AppMode = 'dashboard' | 'portal' | 'pending';

/**
 * Whether the app is the agency dashboard or a client portal. A portal host always shows
 * the portal. Elsewhere, the portal is for members of a client organization; an agency
 * operator who stepped into a client (not a member of it) keeps the dashboard.
 */
export function useAppMode(): AppMode {
  const trpc = useTRPC();
  const token = useToken();
  const needsMe = !isPortalHost && token !== null;
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { enabled: needsMe }));
  const current = me.data?.organization;
  const inClientOrg = Boolean(current?.parentOrganizationId);
  const orgs = useQuery(trpc.organizations.listMine.queryOptions(undefined, { enabled: needsMe && inClientOrg }));

  if (isPortalHost) return 'portal';
  if (!token) return 'dashboard';
  if (me.isPending) return 'pending';
  if (!inClientOrg) return 'dashboard';
  if (orgs.isPending) return 'pending';
  return orgs.data?.items.some((org) => org.id === current?.id) ? 'portal' : 'dashboard';
}
