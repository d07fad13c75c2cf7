import {
  drDocumentSchema,
  drImportInput,
  drImportResultSchema,
  drInfoSchema,
  exportDisasterRecovery,
  getDrInfo,
  restoreDisasterRecovery,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Disaster Recovery'];

export const drRouter = router({
  info: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/disaster-recovery/info',
        tags,
        protect: true,
        summary: 'What an export would contain, and the last export',
      },
    })
    .input(z.void())
    .output(drInfoSchema)
    .query(({ ctx }) => getDrInfo(ctx.deps, ctx.actor)),

  export: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/disaster-recovery/export',
        tags,
        protect: true,
        summary: 'Export the organization configuration (secrets stay encrypted)',
      },
    })
    .input(z.void())
    .output(drDocumentSchema)
    .mutation(({ ctx }) => exportDisasterRecovery(ctx.deps, ctx.actor)),

  import: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/disaster-recovery/import',
        tags,
        protect: true,
        summary: 'Restore an export into a new organization',
      },
      successStatus: 201,
    })
    .input(drImportInput)
    .output(drImportResultSchema)
    .mutation(({ ctx, input }) => restoreDisasterRecovery(ctx.deps, ctx.actor, input)),
});
