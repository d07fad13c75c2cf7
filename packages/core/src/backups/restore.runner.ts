import { connectToInstanceServer, StepFailure } from '../instances/operation.runner.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { RuntimeError, type ContainerRuntime } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import { backupEvents, type BackupDeps } from './backup.deps.js';
import type { BackupRecord, BackupStore } from './backup.ports.js';
import type { Restore } from './backup.schema.js';
import { openStoreOf, reasonOf } from './backup.runner.js';
import { takeSafetyBackup } from './safety-backup.js';
import { runRestoreElsewhere } from './restore-elsewhere.runner.js';
import { plainSourceOf } from './backup-key.service.js';
import {
  discardRestoreTarget,
  dropOldData,
  prepareRestoreTarget,
  restoreNames,
  revertSwap,
  swapIn,
} from './restore.steps.js';

type RestorePatch = Parameters<BackupDeps['store']['backups']['updateRestore']>[1];

/** Saves the restore and pushes it live. */
export async function saveRestore(deps: BackupDeps, id: string, patch: RestorePatch): Promise<Restore> {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const restore = await tx.backups.updateRestore(id, patch);
    await emit({
      organizationId: restore.organizationId,
      type: backupEvents.restore,
      payload: { targetType: 'instance', targetId: restore.instanceId, restore },
    });
    return restore;
  });
}

/** Runs `work` as the named step of the restore; its failure carries the step. */
export function stepper(deps: BackupDeps, restoreId: string) {
  return async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    await saveRestore(deps, restoreId, { step });
    try {
      return await work();
    } catch (err) {
      if (err instanceof StepFailure) throw err;
      throw new StepFailure(step, err instanceof RuntimeError ? err.message : (err as Error).message);
    }
  };
}

/** Loads the backup into a new database and filestore directory; removes them again when that fails. */
async function loadCopy(
  deps: BackupDeps,
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  store: BackupStore,
  backup: BackupRecord,
): Promise<void> {
  const names = restoreNames(instance);
  await prepareRestoreTarget(runtime, names);
  try {
    const source = await plainSourceOf(deps, backup, store);
    await deps.odooArchiver.restore(runtime, instance, source, {
      database: names.restored,
      filestoreDir: names.restored,
    });
  } catch (err) {
    await discardRestoreTarget(runtime, names).catch(() => undefined);
    throw err;
  }
}

/** Swaps the copy in; when anything of that fails, the old data is put back and the failure rethrown. */
async function swap(deps: BackupDeps, runtime: ContainerRuntime, instance: InstanceRecord): Promise<void> {
  const names = restoreNames(instance);
  try {
    await swapIn(runtime, deps.instanceSteps, names);
  } catch (err) {
    await revertSwap(runtime, deps.instanceSteps, names).catch(() => undefined);
    throw err;
  }
}

/**
 * The job: restores a backup into its instance, in place. A safety backup first; the backup
 * is loaded into a new database and filestore directory while the instance keeps running on
 * its own; only when that succeeded are they swapped in, and the old data is dropped only
 * once Odoo answers on the new. A failure at any step leaves the instance as it was.
 */
export async function runRestore(deps: BackupDeps, restoreId: string): Promise<Restore | undefined> {
  const queued = await deps.store.backups.findRestoreById(restoreId);
  if (queued?.status !== 'queued') return queued;
  if (queued.target !== 'in-place') return runRestoreElsewhere(deps, queued);
  await saveRestore(deps, restoreId, { status: 'running', step: null, error: null });
  const step = stepper(deps, restoreId);
  let store: BackupStore | undefined;
  try {
    const backup = await deps.store.backups.findById(queued.backupId);
    const instance = await deps.store.instances.findById(queued.instanceId);
    if (!backup || backup.status !== 'completed' || !instance)
      throw new StepFailure('start', 'the backup or its instance was deleted before the restore ran');
    // To the same destination as the backup restored; the restore names it.
    await step('safety backup', () =>
      takeSafetyBackup(
        deps,
        {
          instanceId: queued.instanceId,
          organizationId: queued.organizationId,
          destinationId: backup.destinationId ?? '',
          createdBy: queued.createdBy,
          purpose: `before restoring backup ${backup.id}`,
        },
        async (tx, created) => void (await tx.backups.updateRestore(queued.id, { safetyBackupId: created.id })),
      ),
    );
    const runtime = await step('connect to server', () => connectToInstanceServer(deps, instance));
    store = await step('open the destination', () => openStoreOf(deps, backup));
    const opened = store;
    await step('load the backup into a new database', () => loadCopy(deps, runtime, instance, opened, backup));
    await step('swap in the restored data', () => swap(deps, runtime, instance));
    await step('drop the old data', () => dropOldData(runtime, restoreNames(instance)));
    return await saveRestore(deps, restoreId, { status: 'succeeded', step: null, finishedAt: deps.clock.now() });
  } catch (err) {
    const failedStep = err instanceof StepFailure ? err.step : null;
    return saveRestore(deps, restoreId, {
      status: 'failed',
      step: failedStep,
      error: reasonOf(err),
      finishedAt: deps.clock.now(),
    });
  } finally {
    store?.close();
  }
}
