import {
  deleteInstance,
  getInstance,
  instanceIdInput,
  instanceListSchema,
  instanceSchema,
  listInstances,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Instances'];

export const instanceRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances',
        tags,
        protect: true,
        summary: 'Instances of the organization (view:instances)',
      },
    })
    .input(z.void())
    .output(instanceListSchema)
    .query(({ ctx }) => listInstances(ctx.deps, ctx.actor)),
  get: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}',
        tags,
        protect: true,
        summary: 'One instance (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(instanceSchema)
    .query(({ ctx, input }) => getInstance(ctx.deps, ctx.actor, input.id)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/instances/{id}',
        tags,
        protect: true,
        summary: 'Remove an instance record (manage:instances)',
      },
      successStatus: 204,
    })
    .input(instanceIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteInstance(ctx.deps, ctx.actor, input.id)),
});
