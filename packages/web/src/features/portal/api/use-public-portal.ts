import type { PortalContext } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { visitorTrpcClient } from '../../../lib/trpc';

/** Not `portal.context`'s own key: that one holds the signed-in answer, which differs. */
const publicPortalKey = ['portal', 'public-context'] as const;

/** The portal this host serves, as any visitor sees it: name, brand, footer (portal hosts only). */
export function usePublicPortal(enabled = true) {
  return useQuery({
    queryKey: publicPortalKey,
    queryFn: () => visitorTrpcClient.portal.context.query(),
    enabled,
    // The host's portal does not change while the page is open; a reload asks again.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The name a portal's visitors see: the client's, else the agency's. */
export function portalNameOf(context: Pick<PortalContext, 'client' | 'agency'>): string {
  return context.client?.name ?? context.agency?.name ?? 'Portal';
}

/** The portal's logo: the agency's brand logo, else the client organization's own. */
export function portalLogoOf(context: Pick<PortalContext, 'client' | 'branding'>): string | null {
  return context.branding?.logoUrl ?? context.client?.logoUrl ?? null;
}
