import {
  createPortalDomain,
  createPortalDomainInput,
  deletePortalDomain,
  listPortalDomains,
  portalDomainIdInput,
  portalDomainListSchema,
  portalDomainSchema,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Agency'];

export const portalDomainRouter = router({
  list: orgProcedure
    .meta({ openapi: { method: 'GET', path: '/agency/portal-domains', tags, protect: true, summary: 'Portal domains of the agency (view:agency)' } })
    .input(z.void())
    .output(portalDomainListSchema)
    .query(({ ctx }) => listPortalDomains(ctx.deps, ctx.actor)),

  create: orgProcedure
    .meta({ openapi: { method: 'POST', path: '/agency/portal-domains', tags, protect: true, summary: 'Add a portal domain: a subdomain, a custom domain, or both (manage:agency)' }, successStatus: 201 })
    .input(createPortalDomainInput)
    .output(portalDomainSchema)
    .mutation(({ ctx, input }) => createPortalDomain(ctx.deps, ctx.actor, input)),

  delete: orgProcedure
    .meta({ openapi: { method: 'DELETE', path: '/agency/portal-domains/{domainId}', tags, protect: true, summary: 'Delete a portal domain (manage:agency)' }, successStatus: 204 })
    .input(portalDomainIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deletePortalDomain(ctx.deps, ctx.actor, input.domainId)),
});
