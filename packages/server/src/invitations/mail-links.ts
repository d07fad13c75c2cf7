import { portalOrganizationForHost } from '@ocore/core';
import type { Context } from '../trpc/context.js';

/**
 * Where links in mail point. The Host header is the caller's to choose, so it is used only
 * when it is a portal domain this platform serves (then the link stays in that brand);
 * otherwise links go to the configured dashboard address, never to an address a request
 * made up (which would hand the link's token to whoever owns that host).
 */
export async function mailLinks(ctx: Context): Promise<{ origin: string; portalOrganizationId: string | undefined }> {
  const portalOrganizationId = ctx.host
    ? await portalOrganizationForHost(ctx.deps, ctx.host, ctx.deps.portalBaseDomain)
    : undefined;
  const origin = portalOrganizationId && ctx.host ? `${ctx.protocol}://${ctx.host}` : ctx.deps.publicUrl;
  return { origin, portalOrganizationId };
}
