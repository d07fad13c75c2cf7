import {
  addInstanceDomain,
  addInstanceDomainInput,
  instanceDomainIdInput,
  instanceDomainListSchema,
  instanceDomainSchema,
  instanceIdInput,
  listInstanceDomains,
  removeInstanceDomain,
  verifyInstanceDomain,
  verifyInstanceDomainResultSchema,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Instance domains'];
const base = '/instances/{id}/domains';
const gate = 'featureDomains for client members';

/** Custom domains of an instance: list, add, check now, remove. Live status: `instance_domain.*` events. */
export const instanceDomainsRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: base,
        tags,
        protect: true,
        summary: `The instance's custom domains with the records to add and their DNS and certificate status (view:instances; ${gate})`,
      },
    })
    .input(instanceIdInput)
    .output(instanceDomainListSchema)
    .query(({ ctx, input }) => listInstanceDomains(ctx.deps, ctx.actor, input.id)),
  add: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: base,
        tags,
        protect: true,
        summary: `Add a custom domain; the answer holds the TXT record proving ownership and where to point it (manage:instances; ${gate})`,
      },
      successStatus: 201,
    })
    .input(addInstanceDomainInput)
    .output(instanceDomainSchema)
    .mutation(({ ctx, input }) => addInstanceDomain(ctx.deps, ctx.actor, input)),
  verify: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: `${base}/{domainId}/verify`,
        tags,
        protect: true,
        summary: `Check the domain's DNS now; once verified its certificate is ordered and served by the proxy (manage:instances; ${gate})`,
      },
    })
    .input(instanceDomainIdInput)
    .output(verifyInstanceDomainResultSchema)
    .mutation(({ ctx, input }) => verifyInstanceDomain(ctx.deps, ctx.actor, input)),
  remove: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: `${base}/{domainId}`,
        tags,
        protect: true,
        summary: `Remove a custom domain: taken out of the server's proxy first (manage:instances; ${gate})`,
      },
      successStatus: 204,
    })
    .input(instanceDomainIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => removeInstanceDomain(ctx.deps, ctx.actor, input)),
});
