import { requireFeature } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, invalidInput, notFound } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import { templateLimits } from '../templates/template.rules.js';
import type { BackupDeps } from './backup.deps.js';
import type { BackupRecord } from './backup.ports.js';
import type { Restore, RestoreBackupInput } from './backup.schema.js';
import { openStoreOf } from './backup.runner.js';
import { manifestVersion, type BackupContents } from './backup-contents.rules.js';
import { checkDataInstance, recordDataInstance, type DataDefinition } from './new-instance.service.js';

async function allow(deps: BackupDeps, actor: Actor): Promise<void> {
  requirePermission(actor, 'manage:instances');
  await requireFeature(deps, actor, 'featureBackups');
}

async function completedBackup(tx: Repositories, actor: Actor, id: string, what: string): Promise<BackupRecord> {
  const backup = await tx.backups.find(actor.organizationId, id);
  if (!backup) throw notFound('Backup');
  if (backup.status !== 'completed')
    throw new DomainError('INVALID_INPUT', `status: a ${backup.status} backup cannot be ${what}`, { field: 'status' });
  return backup;
}

/** What the backup holds (manifest and files), read through ranges of its object at the destination. */
export async function readBackupContents(deps: BackupDeps, backup: BackupRecord): Promise<BackupContents> {
  const store = await openStoreOf(deps, backup);
  try {
    const sizeBytes = await store.size(backup.storageKey);
    return await deps.backupInspector.inspect({
      sizeBytes,
      read: (start, end) => store.get(backup.storageKey, { start, end }),
    });
  } finally {
    store.close();
  }
}

async function contentsOrRefuse(deps: BackupDeps, backup: BackupRecord): Promise<BackupContents> {
  try {
    return await readBackupContents(deps, backup);
  } catch (err) {
    throw new DomainError('INVALID_INPUT', `backup: it cannot be read at its destination: ${(err as Error).message}`, {
      field: 'backup',
    });
  }
}

/** Hands the restore to the queue; when that fails the restore (and a new instance) fails too, saying why. */
export async function dispatchRestore(deps: BackupDeps, restore: Restore): Promise<void> {
  try {
    await deps.backupQueue.request({ kind: 'restore', id: restore.id });
  } catch (err) {
    const error = `could not queue the restore: ${(err as Error).message}`;
    await commitAndPublish(deps, async (tx) => {
      await tx.backups.updateRestore(restore.id, { status: 'failed', error, finishedAt: deps.clock.now() });
      if (restore.target === 'new')
        await tx.instances.update(restore.instanceId, { status: 'failed', failedStep: 'start', failureReason: error });
    });
    throw err;
  }
}

/**
 * Restores a completed backup into a new instance (manage:instances, Backups feature): the
 * Odoo version is the backup manifest's; the server is the one given, or the backup's
 * instance's. Answers the queued restore, whose `instanceId` is the new instance (`pending`
 * until the restore job loads the data and starts it; `failed` with the reason otherwise).
 */
export async function restoreAsNew(deps: BackupDeps, actor: Actor, input: RestoreBackupInput): Promise<Restore> {
  await allow(deps, actor);
  if (!input.name) throw invalidInput('name', 'is required to restore into a new instance');
  const name = input.name;
  const backup = await completedBackup(deps.store, actor, input.id, 'restored');
  const contents = await contentsOrRefuse(deps, backup);
  const odooVersion = manifestVersion(contents.manifest);
  if (!odooVersion) throw invalidInput('backup', 'its manifest.json names no Odoo version');
  const source = backup.instanceId
    ? await deps.store.instances.find(actor.organizationId, backup.instanceId)
    : undefined;
  const serverId = input.serverId ?? source?.serverId;
  if (!serverId) throw invalidInput('serverId', 'is required: the backup’s instance was deleted');
  const modules = contents.manifest['modules'];
  const enterprise = typeof modules === 'object' && modules !== null && 'web_enterprise' in modules;
  const definition: DataDefinition = {
    templateId: source?.templateId ?? null,
    name,
    odooVersion,
    odooEdition: source?.odooEdition ?? (enterprise ? 'ee' : 'ce'),
    workers: source?.workers ?? Math.min(2, templateLimits.workers.max),
    envVars: source?.envVars ?? {},
    moduleList: source?.moduleList ?? [],
    cpuLimit: source?.cpuLimit ?? null,
    memoryLimitMb: source?.memoryLimitMb ?? null,
  };
  const { visibility } = await checkDataInstance(deps, actor, definition);
  const restore = await commitAndPublish(deps, async (tx, record, emit) => {
    await completedBackup(tx, actor, input.id, 'restored');
    const placement = {
      visibility,
      serverId,
      projectId: input.projectId === undefined ? (source?.projectId ?? null) : input.projectId,
      stage: input.stage ?? source?.stage ?? 'production',
    };
    const instance = await recordDataInstance(deps, tx, record, emit, actor, placement, {
      ...definition,
      source: { backupId: backup.id },
    });
    const created = await tx.backups.insertRestore({
      backupId: backup.id,
      instanceId: instance.id,
      organizationId: actor.organizationId,
      createdBy: actor.userId,
      target: 'new',
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup.restore_requested',
      targetType: 'instance',
      targetId: instance.id,
      diff: { backupId: backup.id, restoreId: created.id, target: 'new', odooVersion },
      payload: { restore: created },
    });
    return created;
  });
  await dispatchRestore(deps, restore);
  return restore;
}

/**
 * A restore drill (manage:instances, Backups feature): the backup is restored into a
 * throwaway container on its instance's server, Odoo must answer, the database must open and
 * the filestore match the backup; then all of it is removed. The backup's `verifiedAt` (or
 * `verifyStatus` failed, with the reason) tells the outcome. Answers the queued drill.
 */
export async function verifyBackup(deps: BackupDeps, actor: Actor, id: string): Promise<Restore> {
  await allow(deps, actor);
  const restore = await commitAndPublish(deps, async (tx, record) => {
    const backup = await completedBackup(tx, actor, id, 'verified');
    const instance = backup.instanceId ? await tx.instances.find(actor.organizationId, backup.instanceId) : undefined;
    if (!instance)
      throw new DomainError(
        'INVALID_INPUT',
        'instance: the backup’s instance was deleted, so there is no server to drill on; restore it as a new instance instead',
        { field: 'instance' },
      );
    const created = await tx.backups.insertRestore({
      backupId: backup.id,
      instanceId: instance.id,
      organizationId: actor.organizationId,
      createdBy: actor.userId,
      target: 'verify',
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup.verify_requested',
      targetType: 'backup',
      targetId: backup.id,
      diff: { restoreId: created.id },
      payload: { restore: created, instanceId: instance.id },
    });
    return created;
  });
  await dispatchRestore(deps, restore);
  return restore;
}
