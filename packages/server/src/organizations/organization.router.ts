import {
  createOrganization,
  createOrgInput,
  deleteOrganization,
  getCurrentOrganization,
  listUserOrganizations,
  organizationSchema,
  updateOrganization,
  updateOrgInput,
  userOrganizationListSchema,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router, userProcedure } from '../trpc/trpc.js';

const tags = ['Organizations'];

export const organizationRouter = router({
  listMine: userProcedure
    .meta({
      openapi: { method: 'GET', path: '/user/orgs', tags, protect: true, summary: 'Organizations you belong to' },
    })
    .input(z.void())
    .output(userOrganizationListSchema)
    .query(({ ctx }) => listUserOrganizations(ctx.deps, ctx.principal)),

  create: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/user/orgs',
        tags,
        protect: true,
        summary: 'Create an organization; you become its Owner',
      },
      successStatus: 201,
    })
    .input(createOrgInput)
    .output(organizationSchema)
    .mutation(({ ctx, input }) => createOrganization(ctx.deps, ctx.principal, input)),

  current: orgProcedure
    .meta({ openapi: { method: 'GET', path: '/org', tags, protect: true, summary: 'The current organization' } })
    .input(z.void())
    .output(organizationSchema)
    .query(({ ctx }) => getCurrentOrganization(ctx.deps, ctx.actor)),

  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/org',
        tags,
        protect: true,
        summary: 'Change name, slug or logo (manage:org_settings)',
      },
    })
    .input(updateOrgInput)
    .output(organizationSchema)
    .mutation(({ ctx, input }) => updateOrganization(ctx.deps, ctx.actor, input)),

  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/org',
        tags,
        protect: true,
        summary: 'Delete the organization and everything it owns (Owner only)',
      },
      successStatus: 204,
    })
    .input(z.void())
    .output(z.void())
    .mutation(({ ctx }) => deleteOrganization(ctx.deps, ctx.actor)),
});
