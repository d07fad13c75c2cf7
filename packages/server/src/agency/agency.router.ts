import {
  agencyOverviewSchema,
  agencyStatusSchema,
  brandingSchema,
  brandingUpdateResultSchema,
  clientListSchema,
  clientOrgSchema,
  createClient,
  createClientInput,
  deleteClient,
  deleteClientInput,
  enableAgency,
  getAgencyOverview,
  getBranding,
  getPortalConfig,
  listClients,
  listClientsInput,
  portalConfigSchema,
  updateBranding,
  updateBrandingInput,
  updatePortalConfig,
  updatePortalConfigInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Agency'];

export const agencyRouter = router({
  enable: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/agency/enable',
        tags,
        protect: true,
        summary: 'Enable agency mode (manage:agency; idempotent)',
      },
    })
    .input(z.void())
    .output(agencyStatusSchema)
    .mutation(({ ctx }) => enableAgency(ctx.deps, ctx.actor)),

  overview: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/agency/overview',
        tags,
        protect: true,
        summary: 'Client and portal domain counts (view:agency)',
      },
    })
    .input(z.void())
    .output(agencyOverviewSchema)
    .query(({ ctx }) => getAgencyOverview(ctx.deps, ctx.actor)),

  listClients: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/agency/clients',
        tags,
        protect: true,
        summary: 'Client organizations, newest first (view:agency); keyset pages via limit and cursor',
      },
    })
    .input(listClientsInput)
    .output(clientListSchema)
    .query(({ ctx, input }) => listClients(ctx.deps, ctx.actor, input)),

  createClient: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/agency/clients',
        tags,
        protect: true,
        summary: 'Create a client organization (manage:agency)',
      },
      successStatus: 201,
    })
    .input(createClientInput)
    .output(clientOrgSchema)
    .mutation(({ ctx, input }) => createClient(ctx.deps, ctx.actor, input)),

  deleteClient: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/agency/clients/{clientOrgId}',
        tags,
        protect: true,
        summary: 'Delete a client organization and everything it owns (manage:agency)',
      },
      successStatus: 204,
    })
    .input(deleteClientInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteClient(ctx.deps, ctx.actor, input.clientOrgId)),

  getBranding: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/agency/branding',
        tags,
        protect: true,
        summary: 'Agency branding (view:agency)',
      },
    })
    .input(z.void())
    .output(brandingSchema)
    .query(({ ctx }) => getBranding(ctx.deps, ctx.actor)),

  updateBranding: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/agency/branding',
        tags,
        protect: true,
        summary: 'Update branding (manage:agency; partial; custom CSS sanitized)',
      },
    })
    .input(updateBrandingInput)
    .output(brandingUpdateResultSchema)
    .mutation(({ ctx, input }) => updateBranding(ctx.deps, ctx.actor, input)),

  getPortalConfig: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/agency/portal-config',
        tags,
        protect: true,
        summary: 'Client portal feature configuration (view:agency)',
      },
    })
    .input(z.void())
    .output(portalConfigSchema)
    .query(({ ctx }) => getPortalConfig(ctx.deps, ctx.actor)),

  updatePortalConfig: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/agency/portal-config',
        tags,
        protect: true,
        summary: 'Update feature toggles and visibility (manage:agency; partial)',
      },
    })
    .input(updatePortalConfigInput)
    .output(portalConfigSchema)
    .mutation(({ ctx, input }) => updatePortalConfig(ctx.deps, ctx.actor, input)),
});
