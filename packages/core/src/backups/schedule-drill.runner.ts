import { commitAndPublish } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { Repositories } from '../shared/store.js';
import { backupEvents } from './backup.deps.js';
import type { Restore } from './backup.schema.js';
import { dispatchRestore } from './restore-elsewhere.service.js';
import type { BackupScheduleRecord } from './schedule.ports.js';
import { backupToDrill, nextSlot } from './schedule.rules.js';
import type { ScheduleDeps } from './schedule.runner.js';

/** Schedules claimed per transaction. */
const claimBatch = 20;

/** `backup.verify_failed` for a scheduled drill that could not even start (no backup, no queue). */
async function drillNotRun(
  tx: Repositories,
  schedule: BackupScheduleRecord,
  reason: string,
  backupId: string | null,
): Promise<NewDomainEvent> {
  // Named, so that a notification says which instance (its id means nothing to a reader).
  const instance = await tx.instances.find(schedule.organizationId, schedule.instanceId);
  return {
    organizationId: schedule.organizationId,
    type: backupEvents.verifyFailed,
    payload: {
      targetType: backupId ? 'backup' : 'instance',
      targetId: backupId ?? schedule.instanceId,
      instanceId: schedule.instanceId,
      instanceName: instance?.name ?? null,
      reason,
    },
  };
}

/**
 * Advances a claimed schedule to its next drill and queues the drill of its instance's newest
 * completed backup (as the job, for no one). An instance with a restore or drill under way
 * skips this drill; one with no completed backup raises `backup.verify_failed`.
 */
async function startDrill(
  deps: ScheduleDeps,
  tx: Repositories,
  emit: (e: NewDomainEvent) => Promise<void>,
  schedule: BackupScheduleRecord,
): Promise<Restore | undefined> {
  const now = deps.clock.now();
  const next = schedule.drillCron ? nextSlot(schedule.drillCron, schedule.timeZone, now) : null;
  await tx.backupSchedules.update(schedule.instanceId, { nextDrillAt: next });
  if (await tx.backups.hasOpenRestore(schedule.instanceId)) return undefined;
  const backups = await tx.backups.listForInstance(schedule.organizationId, schedule.instanceId);
  const backup = backupToDrill(backups);
  if (!backup) {
    await emit(await drillNotRun(tx, schedule, 'no completed backup of the instance to drill', null));
    return undefined;
  }
  const restore = await tx.backups.insertRestore({
    backupId: backup.id,
    instanceId: schedule.instanceId,
    organizationId: schedule.organizationId,
    createdBy: null,
    target: 'verify',
  });
  await emit({
    organizationId: schedule.organizationId,
    type: backupEvents.restore,
    payload: { targetType: 'instance', targetId: schedule.instanceId, restore },
  });
  return restore;
}

/**
 * The drill sweep: for each enabled schedule with a `drillCron` whose next drill came, the
 * instance's newest completed backup is drilled by the same job as `verifyBackup`: its
 * `verifiedAt`, or `verifyStatus` failed and `backup.verify_failed`, tells the outcome. Slots
 * missed while no process ran collapse into one drill. Answers how many drills it queued.
 */
export async function runDueDrills(deps: ScheduleDeps): Promise<number> {
  let queued = 0;
  for (;;) {
    const now = deps.clock.now();
    const started = await commitAndPublish(deps, async (tx, _record, emit) => {
      const due = await tx.backupSchedules.claimDueDrills(now, claimBatch);
      const made: { schedule: BackupScheduleRecord; restore: Restore }[] = [];
      for (const schedule of due) {
        const restore = await startDrill(deps, tx, emit, schedule);
        if (restore) made.push({ schedule, restore });
      }
      return { count: due.length, made };
    });
    for (const { schedule, restore } of started.made) {
      try {
        await dispatchRestore(deps, restore);
        queued += 1;
      } catch (err) {
        // The drill did not run: the backup is not marked unrestorable, but someone must hear it.
        const reason = `could not queue the drill: ${(err as Error).message}`;
        await commitAndPublish(deps, async (tx, _record, emit) => {
          await emit(await drillNotRun(tx, schedule, reason, restore.backupId));
        });
      }
    }
    if (started.count < claimBatch) return queued;
  }
}
