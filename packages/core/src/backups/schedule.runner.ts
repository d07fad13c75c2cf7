import { commitAndPublish } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { BackupDeps } from './backup.deps.js';
import type { BackupRecord } from './backup.ports.js';
import { openStoreOf } from './backup.runner.js';
import { emitBackup } from './backup.service.js';
import type { BackupScheduleRecord, BackupSchedulePatch } from './schedule.ports.js';
import { nextSlot, overdueSlot, retryDelayMs, scheduleMaxAttempts, selectBackupsToPrune } from './schedule.rules.js';
import {
  defaultDestinationId,
  defaultScheduleTiming,
  scheduleEvents,
  type ScheduleTimingDeps,
} from './schedule.service.js';

export type ScheduleDeps = BackupDeps & ScheduleTimingDeps;

/** Schedules claimed per transaction. */
const claimBatch = 20;

async function alarm(
  tx: Parameters<Parameters<typeof commitAndPublish>[1]>[0],
  type: typeof scheduleEvents.failed | typeof scheduleEvents.overdue,
  schedule: BackupScheduleRecord,
  reason: string,
  scheduledFor: Date | null,
  extra: Record<string, unknown> = {},
): Promise<NewDomainEvent> {
  // Named, so that a notification says which instance (its id means nothing to a reader).
  const instance = await tx.instances.find(schedule.organizationId, schedule.instanceId);
  return {
    organizationId: schedule.organizationId,
    type,
    payload: {
      targetType: 'instance',
      targetId: schedule.instanceId,
      instanceId: schedule.instanceId,
      instanceName: instance?.name ?? null,
      organizationId: schedule.organizationId,
      reason,
      scheduledFor: scheduledFor?.toISOString() ?? null,
      ...extra,
    },
  };
}

/** Starts the try a claimed schedule is due for; answers the backup made, if any. */
async function startTry(
  tx: Parameters<Parameters<typeof commitAndPublish>[1]>[0],
  emit: (e: NewDomainEvent) => Promise<void>,
  schedule: BackupScheduleRecord,
  now: Date,
): Promise<string | undefined> {
  const isRetry = schedule.retryAt !== null && schedule.retryAt <= now;
  const slot = (isRetry ? schedule.pendingSlot : schedule.nextRunAt) ?? now;
  // Slots missed while no process ran collapse into this one run: the next is after now.
  const patch: BackupSchedulePatch = isRetry
    ? { retryAt: null, attempt: schedule.attempt + 1 }
    : {
        nextRunAt: nextSlot(schedule.cron, schedule.timeZone, now),
        pendingSlot: slot,
        attempt: 1,
        owedSince: schedule.owedSince ?? slot,
      };
  const destinationId = schedule.destinationId ?? (await defaultDestinationId(tx, schedule.organizationId));
  if (!destinationId) {
    const reason = 'no destination: the schedule names none and the organization has no default';
    await tx.backupSchedules.update(schedule.instanceId, {
      ...patch,
      backupId: null,
      pendingSlot: null,
      lastFailure: reason,
    });
    await emit(await alarm(tx, scheduleEvents.failed, schedule, reason, slot, { attempts: 0 }));
    return undefined;
  }
  const backup = await tx.backups.insert({
    instanceId: schedule.instanceId,
    organizationId: schedule.organizationId,
    format: 'zip',
    destinationId,
    trigger: 'schedule',
    createdBy: null,
  });
  await emitBackup(emit, backup);
  await tx.backupSchedules.update(schedule.instanceId, { ...patch, backupId: backup.id });
  return backup.id;
}

/**
 * The sweep: starts a backup for each schedule whose slot (or retry) came. The claim and the
 * advance of the schedule share one transaction under a row lock, so among several control
 * planes exactly one runs each slot. Answers how many backups it queued.
 */
export async function runDueSchedules(deps: ScheduleDeps): Promise<number> {
  await settleOrphanedTries(deps);
  let queued = 0;
  for (;;) {
    const now = deps.clock.now();
    const started = await commitAndPublish(deps, async (tx, _record, emit) => {
      const due = await tx.backupSchedules.claimDue(now, claimBatch);
      const made: string[] = [];
      for (const schedule of due) {
        const id = await startTry(tx, emit, schedule, now);
        if (id) made.push(id);
      }
      return { count: due.length, made };
    });
    for (const id of started.made) {
      try {
        await deps.backupQueue.request({ kind: 'backup', id });
        queued += 1;
      } catch (err) {
        const failed = await commitAndPublish(deps, async (tx, _r, emit) => {
          const backup = await tx.backups.update(id, {
            status: 'failed',
            reason: `could not queue the backup: ${(err as Error).message}`,
          });
          await emitBackup(emit, backup);
          return backup;
        });
        await settleScheduledBackup(deps, failed);
      }
    }
    if (started.count < claimBatch) return queued;
  }
}

/**
 * Settles the tries whose backup ended without being settled (its worker stopped and the
 * backup was failed at start-up, or the process ended right after it), or was deleted: without
 * this the schedule would wait for it forever.
 */
async function settleOrphanedTries(deps: ScheduleDeps): Promise<void> {
  for (const schedule of await deps.store.backupSchedules.listTrying()) {
    const backup = schedule.backupId ? await deps.store.backups.findById(schedule.backupId) : undefined;
    if (backup && (backup.status === 'pending' || backup.status === 'running')) continue;
    if (backup) await settleScheduledBackup(deps, backup);
    // The backup's record is gone (deleted, or its instance): the try is over.
    else await deps.store.backupSchedules.update(schedule.instanceId, { backupId: null, pendingSlot: null });
  }
}

/**
 * After a scheduled backup finished: a completed one clears what the schedule owed and prunes
 * per its retention; a failed one is tried again after a backoff, and after the last try
 * raises `backup.failed`. Backups of other triggers are left alone.
 */
export async function settleScheduledBackup(deps: ScheduleDeps, backup: BackupRecord): Promise<void> {
  if (backup.trigger !== 'schedule' || (backup.status !== 'completed' && backup.status !== 'failed')) return;
  const schedule = await deps.store.backupSchedules.findByBackup(backup.id);
  if (!schedule) return;
  const now = deps.clock.now();
  if (backup.status === 'completed') {
    await deps.store.backupSchedules.update(schedule.instanceId, {
      backupId: null,
      attempt: 0,
      retryAt: null,
      pendingSlot: null,
      owedSince: null,
      lastFailure: null,
    });
    await pruneScheduledBackups(deps, schedule);
    return;
  }
  const timing = deps.backupScheduleTiming ?? defaultScheduleTiming;
  const reason = backup.reason ?? 'the backup failed';
  if (schedule.attempt < scheduleMaxAttempts) {
    await deps.store.backupSchedules.update(schedule.instanceId, {
      backupId: null,
      retryAt: new Date(now.getTime() + retryDelayMs(schedule.attempt, timing.retryBaseMs)),
    });
    return;
  }
  await commitAndPublish(deps, async (tx, _record, emit) => {
    await tx.backupSchedules.update(schedule.instanceId, { backupId: null, pendingSlot: null, lastFailure: reason });
    await emit(
      await alarm(tx, scheduleEvents.failed, schedule, reason, schedule.pendingSlot, {
        attempts: schedule.attempt,
        backupId: backup.id,
      }),
    );
  });
}

/**
 * Retention: of the instance's completed scheduled backups, removes (bytes at the destination,
 * then the record) those the grandfather-father-son policy does not keep. Manual and safety
 * backups are never pruned. A backup whose bytes cannot be removed is kept. Answers the ids removed.
 */
export async function pruneScheduledBackups(deps: ScheduleDeps, schedule: BackupScheduleRecord): Promise<string[]> {
  const candidates = (await deps.store.backups.listForInstance(schedule.organizationId, schedule.instanceId)).filter(
    (b) => b.trigger === 'schedule' && b.status === 'completed' && b.completedAt,
  );
  const doomed = selectBackupsToPrune(
    candidates.map((b) => ({ id: b.id, completedAt: new Date(b.completedAt as string) })),
    schedule,
    schedule.timeZone,
  );
  const removed: string[] = [];
  for (const backup of candidates.filter((b) => doomed.includes(b.id))) {
    try {
      const store = await openStoreOf(deps, backup);
      try {
        await store.delete(backup.storageKey);
      } finally {
        store.close();
      }
    } catch {
      continue;
    }
    await commitAndPublish(deps, async (tx, _record, emit) => {
      await tx.backups.delete(backup.id);
      await emit({
        organizationId: backup.organizationId,
        type: scheduleEvents.pruned,
        payload: { targetType: 'backup', targetId: backup.id, instanceId: backup.instanceId, backupId: backup.id },
      });
    });
    removed.push(backup.id);
  }
  return removed;
}

/** Raises `backup.overdue` once per owed slot that is later than the grace. Answers how many. */
export async function raiseOverdueBackups(deps: ScheduleDeps): Promise<number> {
  const now = deps.clock.now();
  const { graceMs } = deps.backupScheduleTiming ?? defaultScheduleTiming;
  let raised = 0;
  for (const schedule of await deps.store.backupSchedules.listOwing(new Date(now.getTime() - graceMs))) {
    const slot = overdueSlot(schedule, now, graceMs);
    if (!slot || schedule.overdueNotifiedFor?.getTime() === slot.getTime()) continue;
    await commitAndPublish(deps, async (tx, _record, emit) => {
      await tx.backupSchedules.update(schedule.instanceId, { overdueNotifiedFor: slot });
      const reason = schedule.lastFailure ?? `no completed backup since the slot of ${slot.toISOString()}`;
      await emit(await alarm(tx, scheduleEvents.overdue, schedule, reason, slot));
    });
    raised += 1;
  }
  return raised;
}
