import {
  createDestination,
  createDestinationInput,
  deleteDestination,
  destinationIdInput,
  destinationListSchema,
  destinationSchema,
  destinationTestSchema,
  listDestinations,
  testDestination,
  updateDestination,
  updateDestinationInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Backups'];

export const destinationRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/backup-destinations',
        tags,
        protect: true,
        summary: 'Backup destinations of the organization; credentials are never answered (view:servers)',
      },
    })
    .input(z.void())
    .output(destinationListSchema)
    .query(({ ctx }) => listDestinations(ctx.deps, ctx.actor)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/backup-destinations',
        tags,
        protect: true,
        summary:
          'Add a backup destination: the server’s own disk, S3-compatible storage or SFTP; credentials are write-only (manage:servers)',
      },
      successStatus: 201,
    })
    .input(createDestinationInput)
    .output(destinationSchema)
    .mutation(({ ctx, input }) => createDestination(ctx.deps, ctx.actor, input)),
  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/backup-destinations/{id}',
        tags,
        protect: true,
        summary: 'Replace a destination’s definition; credentials left out are kept (manage:servers)',
      },
    })
    .input(updateDestinationInput)
    .output(destinationSchema)
    .mutation(({ ctx, input }) => updateDestination(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/backup-destinations/{id}',
        tags,
        protect: true,
        summary: 'Remove a destination; refused while backups are kept there (manage:servers)',
      },
      successStatus: 204,
    })
    .input(destinationIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteDestination(ctx.deps, ctx.actor, input.id)),
  test: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/backup-destinations/{id}/test',
        tags,
        protect: true,
        summary: 'Write, read back and remove a small object at the destination (manage:servers)',
      },
    })
    .input(destinationIdInput)
    .output(destinationTestSchema)
    .mutation(({ ctx, input }) => testDestination(ctx.deps, ctx.actor, input.id)),
});
