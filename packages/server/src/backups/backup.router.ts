import {
  backupEvents,
  backupIdInput,
  backupListSchema,
  backupSchema,
  createBackup,
  createBackupInput,
  deleteBackup,
  getBackup,
  listRestores,
  instanceIdInput,
  listBackups,
  requirePermission,
  restoreBackup,
  restoreBackupInput,
  restoreListSchema,
  restoreSchema,
} from '@ocore/core';
import { z } from 'zod';
import { streamEvents } from '../events/stream-events.js';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Backups'];

const liveInput = z
  .object({
    /** Only this instance's backups and restores. */
    instanceId: z.uuid({ message: 'must be a UUID' }).optional(),
    lastEventId: z.string().regex(/^\d+$/).nullish(),
  })
  .optional();

export const backupRouter = router({
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/instances/{id}/backups',
        tags,
        protect: true,
        summary:
          'Back the instance up (Odoo zip: dump.sql, filestore/, manifest.json) to a destination; answers 202 with the pending backup (manage:instances)',
      },
      successStatus: 202,
    })
    .input(createBackupInput)
    .output(backupSchema)
    .mutation(({ ctx, input }) => createBackup(ctx.deps, ctx.actor, input)),
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/backups',
        tags,
        protect: true,
        summary: 'The instance’s backups, newest first (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(backupListSchema)
    .query(({ ctx, input }) => listBackups(ctx.deps, ctx.actor, input.id)),
  get: orgProcedure
    .meta({
      openapi: { method: 'GET', path: '/backups/{id}', tags, protect: true, summary: 'One backup (view:instances)' },
    })
    .input(backupIdInput)
    .output(backupSchema)
    .query(({ ctx, input }) => getBackup(ctx.deps, ctx.actor, input.id)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/backups/{id}',
        tags,
        protect: true,
        summary: 'Delete a backup: its bytes at the destination and its record (manage:instances)',
      },
      successStatus: 204,
    })
    .input(backupIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteBackup(ctx.deps, ctx.actor, input.id)),
  restore: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/backups/{id}/restore',
        tags,
        protect: true,
        summary:
          'Restore a completed backup into its instance in place: a safety backup first, the swap only once the restore succeeded; answers 202 with the queued restore (manage:instances)',
      },
      successStatus: 202,
    })
    .input(restoreBackupInput)
    .output(restoreSchema)
    .mutation(({ ctx, input }) => restoreBackup(ctx.deps, ctx.actor, input)),
  restores: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/backups/{id}/restores',
        tags,
        protect: true,
        summary: 'The restores of a backup, newest first, with their step or failure (view:instances)',
      },
    })
    .input(backupIdInput)
    .output(restoreListSchema)
    .query(({ ctx, input }) => listRestores(ctx.deps, ctx.actor, input.id)),
  /** Backups and restores, live: `backup.status` (the whole backup) and `backup.restore` (the whole restore). */
  onBackup: orgProcedure.input(liveInput).subscription(({ ctx, input, signal }) => {
    requirePermission(ctx.actor, 'view:instances');
    const types = new Set<string>([backupEvents.status, backupEvents.restore]);
    return streamEvents(ctx, {
      organizationIds: [ctx.actor.organizationId],
      accept: (e) =>
        types.has(e.type) &&
        (!input?.instanceId ||
          e.payload['instanceId'] === input.instanceId ||
          e.payload['targetId'] === input.instanceId),
      authorize: (actor) => requirePermission(actor, 'view:instances'),
      lastEventId: input?.lastEventId ?? null,
      signal,
    });
  }),
});
