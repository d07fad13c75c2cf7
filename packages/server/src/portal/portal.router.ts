import { authenticate, getPortalContext, notFound, portalContextSchema, requireActor } from '@ocore/core';
import { z } from 'zod';
import { publicProcedure, router } from '../trpc/trpc.js';

export const portalRouter = router({
  /**
   * Caddy's on-demand TLS "ask": 200 only for a domain this platform serves (an active,
   * verified custom domain, or a subdomain of the portal base domain), 404 otherwise.
   */
  tlsAsk: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/portal/tls-ask',
        tags: ['Portal'],
        protect: false,
        summary: 'For Caddy on-demand TLS: may a certificate be obtained for this domain?',
      },
    })
    .input(z.object({ domain: z.string().min(1).max(255) }))
    .output(z.object({ allowed: z.literal(true), domain: z.string() }))
    .query(async ({ ctx, input }) => {
      const resolved = await ctx.deps.portalContexts.resolve(input.domain);
      if (!resolved?.domain) throw notFound('Portal domain');
      return { allowed: true as const, domain: input.domain.toLowerCase() };
    }),

  /**
   * The portal for the caller's current organization; without a token, the portal named by
   * the request's Host, with only its public fields (for the branded login page).
   */
  context: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/portal/context',
        tags: ['Portal'],
        summary: 'Branding, configuration, domain, agency and client of the portal',
      },
      optionalAuth: true,
    })
    .input(z.void())
    .output(portalContextSchema)
    .query(async ({ ctx }) => {
      const baseDomain = ctx.deps.portalBaseDomain;
      if (ctx.token) {
        const actor = requireActor(await authenticate(ctx.deps, ctx.token, ctx.ip));
        return getPortalContext(ctx.deps, actor, baseDomain);
      }
      const resolved = ctx.host ? await ctx.deps.portalContexts.resolve(ctx.host) : undefined;
      if (!resolved) throw notFound('Portal');
      return resolved;
    }),
});
