import {
  captureTemplate,
  captureTemplateInput,
  createTemplate,
  createTemplateInput,
  deleteTemplate,
  getTemplate,
  instanceSchema,
  listTemplates,
  listTemplatesInput,
  provisionInput,
  provisionInstance,
  templateIdInput,
  templateListSchema,
  templateSchema,
  updateTemplate,
  updateTemplateInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Templates'];

export const templateRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/templates',
        tags,
        protect: true,
        summary:
          "Templates of the organization and its agency's public ones, marked shared (view:templates): search, edition filter, sort, keyset pages via limit and cursor",
      },
    })
    .input(listTemplatesInput)
    .output(templateListSchema)
    .query(({ ctx, input }) => listTemplates(ctx.deps, ctx.actor, input)),
  get: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/templates/{id}',
        tags,
        protect: true,
        summary: 'One template (view:templates)',
      },
    })
    .input(templateIdInput)
    .output(templateSchema)
    .query(({ ctx, input }) => getTemplate(ctx.deps, ctx.actor, input.id)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/templates',
        tags,
        protect: true,
        summary: 'Create a template; isPublic shares it read-only with the agency’s clients (manage:templates)',
      },
      successStatus: 201,
    })
    .input(createTemplateInput)
    .output(templateSchema)
    .mutation(({ ctx, input }) => createTemplate(ctx.deps, ctx.actor, input)),
  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/templates/{id}',
        tags,
        protect: true,
        summary: 'Change a template (manage:templates; partial)',
      },
    })
    .input(updateTemplateInput)
    .output(templateSchema)
    .mutation(({ ctx, input }) => updateTemplate(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/templates/{id}',
        tags,
        protect: true,
        summary: 'Delete a template; its instances stay (manage:templates)',
      },
      successStatus: 204,
    })
    .input(templateIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteTemplate(ctx.deps, ctx.actor, input.id)),
  provision: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/templates/{id}/provision',
        tags,
        protect: true,
        summary:
          'Provision an instance from the template on a server the organization may use; answers it pending while its provision operation runs (manage:templates and manage:instances)',
      },
      successStatus: 201,
    })
    .input(provisionInput)
    .output(instanceSchema)
    .mutation(async ({ ctx, input }) => (await provisionInstance(ctx.deps, ctx.actor, input)).instance),
  fromInstance: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/templates/from-instance/{instanceId}',
        tags,
        protect: true,
        summary: 'Save an instance’s settings as a new template (manage:templates and view:instances)',
      },
      successStatus: 201,
    })
    .input(captureTemplateInput)
    .output(templateSchema)
    .mutation(({ ctx, input }) => captureTemplate(ctx.deps, ctx.actor, input)),
});
