import { authenticate, getPortalContext, notFound, portalContextSchema, requireActor, resolvePortalByHost } from '@ocore/core';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc/trpc.js';

export const portalRouter = router({
  /**
   * The portal for the caller's current organization; without a token, the portal named by
   * the request's Host, with only its public fields (for the branded login page).
   */
  context: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/portal/context', tags: ['Portal'], summary: 'Branding, configuration, domain, agency and client of the portal' } })
    .input(z.void())
    .output(portalContextSchema)
    .query(async ({ ctx }) => {
      const baseDomain = ctx.deps.portalBaseDomain;
      if (ctx.token) {
        const actor = requireActor(await authenticate(ctx.deps, ctx.token, ctx.ip));
        return getPortalContext(ctx.deps, actor, baseDomain);
      }
      const resolved = ctx.host ? await resolvePortalByHost(ctx.deps, ctx.host, baseDomain) : undefined;
      if (!resolved) throw notFound('Portal');
      return resolved;
    }),
});
