import {
  authorizeBackups,
  backupEvents,
  backupIdInput,
  backupListSchema,
  backupSchema,
  createBackup,
  createBackupInput,
  deleteBackup,
  getBackup,
  listInstanceRestores,
  listRestores,
  instanceIdInput,
  listBackups,
  restoreBackup,
  restoreBackupInput,
  restoreListSchema,
  restoreSchema,
  backupHealthSchema,
  backupScheduleAnswer,
  backupScheduleSchema,
  computeBackupHealth,
  getBackupSchedule,
  putBackupSchedule,
  putBackupScheduleInput,
  scheduleEvents,
  verifyBackup,
} from '@ocore/core';
import { z } from 'zod';
import { guardedStream } from '../events/guarded-stream.js';
import { streamEventsOf } from '../events/stream-events-of.js';
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
          'Back the instance up to a destination, as `format` zip (Odoo’s: dump.sql, filestore/, manifest.json; the default) or dump (custom-format pg_dump and the filestore as tar, for large databases), encrypted at rest when the organization’s setting backupEncryption is on; answers 202 with the pending backup (manage:instances)',
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
        summary:
          'The instance’s backups, newest first, with when the last one completed and whether a scheduled one is overdue (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(backupListSchema.extend(backupHealthSchema.shape))
    .query(async ({ ctx, input }) => ({
      ...(await listBackups(ctx.deps, ctx.actor, input.id)),
      ...(await computeBackupHealth(ctx.deps, ctx.actor.organizationId, input.id)),
    })),
  getSchedule: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/backup-schedule',
        tags,
        protect: true,
        summary:
          'The instance’s backup schedule (cron, time zone, destination, retention) with its next slot and whether it is overdue; null when it has none (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(backupScheduleAnswer)
    .query(({ ctx, input }) => getBackupSchedule(ctx.deps, ctx.actor, input.id)),
  putSchedule: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/instances/{id}/backup-schedule',
        tags,
        protect: true,
        summary:
          'Set the instance’s backup schedule: cron (croner, optional seconds field), IANA time zone, destination (else the organization’s default), retention keepDaily/keepWeekly/keepMonthly and a minimumKeep never pruned (manage:instances)',
      },
    })
    .input(putBackupScheduleInput)
    .output(backupScheduleSchema)
    .mutation(({ ctx, input }) => putBackupSchedule(ctx.deps, ctx.actor, input)),
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
          'Restore a completed backup into its instance in place (a safety backup first, the swap only once the restore succeeded), or with target "new" into a new instance (name, serverId, projectId, stage; the Odoo version is the backup’s); answers 202 with the queued restore (manage:instances)',
      },
      successStatus: 202,
    })
    .input(restoreBackupInput)
    .output(restoreSchema)
    .mutation(({ ctx, input }) => restoreBackup(ctx.deps, ctx.actor, input)),
  verify: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/backups/{id}/verify',
        tags,
        protect: true,
        summary:
          'Restore drill: restore the backup into a throwaway container, wait for health, check the database opens and the filestore matches, remove it all; sets the backup’s verifiedAt (or verifyStatus failed). Answers 202 with the queued drill (manage:instances)',
      },
      successStatus: 202,
    })
    .input(backupIdInput)
    .output(restoreSchema)
    .mutation(({ ctx, input }) => verifyBackup(ctx.deps, ctx.actor, input.id)),
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
  instanceRestores: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/restores',
        tags,
        protect: true,
        summary:
          'The instance’s latest 20 restores, newest first (in place, into it as a new instance, and drills of its backups), with their step or failure (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(restoreListSchema)
    .query(({ ctx, input }) => listInstanceRestores(ctx.deps, ctx.actor, input.id)),
  /**
   * Backups and restores, live: `backup.status` (the whole backup) and `backup.restore` (the whole restore).
   * Ends with the error REST would answer once access is gone, `featureBackups` included.
   */
  onBackup: orgProcedure.input(liveInput).subscription(({ ctx, input, signal }) => {
    const types = [backupEvents.status, backupEvents.restore, ...Object.values(scheduleEvents)];
    return guardedStream(ctx, {
      authorize: (actor) => authorizeBackups(ctx.deps, actor),
      // The events come through tRPC here (no socket): the guard above ends the stream when needed.
      open: (aborted) =>
        Promise.resolve(
          streamEventsOf({ ...ctx, socket: undefined }, types, {
            organizationIds: [ctx.actor.organizationId],
            accept: ({ payload }) =>
              !input?.instanceId ||
              payload.targetId === input.instanceId ||
              ('instanceId' in payload && payload.instanceId === input.instanceId),
            lastEventId: input?.lastEventId ?? null,
            signal: aborted,
          }),
        ),
      signal,
    });
  }),
});
