import {
  createProject,
  createProjectInput,
  deleteProject,
  getProject,
  listProjects,
  projectIdInput,
  projectListSchema,
  projectSchema,
  updateProject,
  updateProjectInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Projects'];

export const projectRouter = router({
  list: orgProcedure
    .meta({
      openapi: { method: 'GET', path: '/projects', tags, protect: true, summary: 'Projects (view:instances)' },
    })
    .input(z.void())
    .output(projectListSchema)
    .query(({ ctx }) => listProjects(ctx.deps, ctx.actor)),
  get: orgProcedure
    .meta({
      openapi: { method: 'GET', path: '/projects/{id}', tags, protect: true, summary: 'One project (view:instances)' },
    })
    .input(projectIdInput)
    .output(projectSchema)
    .query(({ ctx, input }) => getProject(ctx.deps, ctx.actor, input.id)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/projects',
        tags,
        protect: true,
        summary: 'Create a project grouping instances by stage (manage:instances)',
      },
      successStatus: 201,
    })
    .input(createProjectInput)
    .output(projectSchema)
    .mutation(({ ctx, input }) => createProject(ctx.deps, ctx.actor, input)),
  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/projects/{id}',
        tags,
        protect: true,
        summary: 'Rename or describe a project (manage:instances)',
      },
    })
    .input(updateProjectInput)
    .output(projectSchema)
    .mutation(({ ctx, input }) => updateProject(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/projects/{id}',
        tags,
        protect: true,
        summary: 'Delete a project that holds no instances (manage:instances)',
      },
      successStatus: 204,
    })
    .input(projectIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteProject(ctx.deps, ctx.actor, input.id)),
});
