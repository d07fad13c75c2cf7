import { requirePermission, type Actor } from '../auth/actor.js';
import { requireFeature } from '../agency/portal-config.service.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, restoreRunning, notFound } from '../shared/domain-error.js';
import type { CoreDeps } from '../shared/deps.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { Permission } from '../members/permissions.js';
import { backupEvents, type BackupDeps } from './backup.deps.js';
import type { BackupRecord } from './backup.ports.js';
import type { Backup, CreateBackupInput, Restore, RestoreBackupInput } from './backup.schema.js';
import { resolveDestination } from './destination.service.js';
import { defaultDestinationId } from './schedule.service.js';
import { restoreAsNew } from './restore-elsewhere.service.js';
import { backupKeyForReading } from './backup-key.service.js';

/** The permission, then the portal's Backups feature for a client's own members (operators never blocked). */
async function allow(deps: CoreDeps, actor: Actor, permission: Permission): Promise<void> {
  requirePermission(actor, permission);
  await requireFeature(deps, actor, 'featureBackups');
}

/**
 * What following the organization's backups live asks (view:instances, Backups feature):
 * checked when the stream starts and again whenever access may have changed.
 */
export async function authorizeBackups(deps: CoreDeps, actor: Actor): Promise<void> {
  await allow(deps, actor, 'view:instances');
}

/** The backup as answered: where its bytes lie at the destination is not told. */
export function toBackup(record: BackupRecord): Backup {
  const { storageKey: _key, ...backup } = record;
  return backup;
}

/** Emits the backup as it now is. */
export async function emitBackup(emit: (e: NewDomainEvent) => Promise<void>, record: BackupRecord): Promise<void> {
  await emit({
    organizationId: record.organizationId,
    type: backupEvents.status,
    payload: { targetType: 'backup', targetId: record.id, instanceId: record.instanceId, backup: toBackup(record) },
  });
}

async function findBackup(deps: CoreDeps, actor: Actor, id: string): Promise<BackupRecord> {
  const backup = await deps.store.backups.find(actor.organizationId, id);
  if (!backup) throw notFound('Backup');
  return backup;
}

/** The instance's backups, newest first (view:instances, Backups feature). */
export async function listBackups(
  deps: CoreDeps,
  actor: Actor,
  instanceId: string,
): Promise<{ items: Backup[]; total: number }> {
  await allow(deps, actor, 'view:instances');
  if (!(await deps.store.instances.find(actor.organizationId, instanceId))) throw notFound('Instance');
  const items = (await deps.store.backups.listForInstance(actor.organizationId, instanceId)).map(toBackup);
  return { items, total: items.length };
}

/** One backup (view:instances, Backups feature). */
export async function getBackup(deps: CoreDeps, actor: Actor, id: string): Promise<Backup> {
  await allow(deps, actor, 'view:instances');
  return toBackup(await findBackup(deps, actor, id));
}

/** Hands a job to the queue; when that fails the record fails too, saying why, and the error is rethrown. */
async function dispatch(deps: BackupDeps, kind: 'backup' | 'restore', id: string): Promise<void> {
  try {
    await deps.backupQueue.request({ kind, id });
  } catch (err) {
    const reason = `could not queue the ${kind}: ${(err as Error).message}`;
    await commitAndPublish(deps, async (tx, _record, emit) => {
      if (kind === 'backup') await emitBackup(emit, await tx.backups.update(id, { status: 'failed', reason }));
      else await tx.backups.updateRestore(id, { status: 'failed', error: reason, finishedAt: deps.clock.now() });
    });
    throw err;
  }
}

/** Backs the instance up to the destination (manage:instances, Backups feature); answers the pending backup. */
export async function createBackup(deps: BackupDeps, actor: Actor, input: CreateBackupInput): Promise<Backup> {
  await allow(deps, actor, 'manage:instances');
  const backup = await commitAndPublish(deps, async (tx, record, emit) => {
    const instance = await tx.instances.find(actor.organizationId, input.id);
    if (!instance) throw notFound('Instance');
    const destinationId = input.destinationId ?? (await defaultDestinationId(tx, actor.organizationId));
    if (!destinationId)
      throw new DomainError(
        'INVALID_INPUT',
        'destinationId: name a destination, or set the organization’s default (setting backupDestinationId)',
        { field: 'destinationId' },
      );
    if (!(await tx.backupDestinations.find(actor.organizationId, destinationId)))
      throw new DomainError('NOT_FOUND', 'destinationId: no such backup destination', { field: 'destinationId' });
    const created = await tx.backups.insert({
      instanceId: instance.id,
      organizationId: actor.organizationId,
      format: input.format,
      destinationId,
      trigger: 'manual',
      createdBy: actor.userId,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup.requested',
      targetType: 'instance',
      targetId: instance.id,
      diff: { backupId: created.id, destinationId },
    });
    await emitBackup(emit, created);
    return created;
  });
  await dispatch(deps, 'backup', backup.id);
  return toBackup(backup);
}

/** Deletes a backup: its bytes at the destination, then its record (manage:instances, Backups feature). */
export async function deleteBackup(deps: BackupDeps, actor: Actor, id: string): Promise<void> {
  await allow(deps, actor, 'manage:instances');
  const backup = await findBackup(deps, actor, id);
  if (backup.status === 'running' || backup.status === 'pending')
    throw new DomainError('IN_USE', 'the backup is still being made; delete it once it has completed or failed');
  // A failed backup left nothing at its destination (the runner removed what had reached it).
  const destination =
    backup.status === 'completed' && backup.destinationId
      ? await deps.store.backupDestinations.findById(backup.destinationId)
      : undefined;
  if (destination) {
    const store = deps.backupStores.open(await resolveDestination(deps, destination));
    try {
      await store.delete(backup.storageKey);
    } catch (err) {
      throw new DomainError(
        'INVALID_INPUT',
        `destination: the backup could not be removed there, so it is kept: ${(err as Error).message}`,
        { field: 'destination' },
      );
    } finally {
      store.close();
    }
  }
  await commitAndPublish(deps, async (tx, record) => {
    await tx.backups.delete(id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup.deleted',
      targetType: 'backup',
      targetId: id,
      diff: { instanceId: backup.instanceId, sizeBytes: backup.sizeBytes },
    });
  });
}

/** A completed backup's bytes, for download (view:instances, Backups feature). */
export async function openBackupDownload(
  deps: BackupDeps,
  actor: Actor,
  id: string,
): Promise<{ filename: string; sizeBytes: number; stream: AsyncIterable<Uint8Array> }> {
  await allow(deps, actor, 'view:instances');
  const backup = await findBackup(deps, actor, id);
  if (backup.status !== 'completed' || backup.sizeBytes === null)
    throw new DomainError('INVALID_INPUT', `status: a ${backup.status} backup cannot be downloaded`, {
      field: 'status',
    });
  const destination = backup.destinationId
    ? await deps.store.backupDestinations.findById(backup.destinationId)
    : undefined;
  if (!destination) throw notFound('Backup destination');
  // An encrypted backup is decrypted as it streams: the download is the Odoo archive itself.
  const key = backup.encrypted
    ? await backupKeyForReading(deps, backup.organizationId).catch((err: unknown) => {
        throw new DomainError('INVALID_INPUT', `encrypted: ${(err as Error).message}`, { field: 'encrypted' });
      })
    : undefined;
  const store = deps.backupStores.open(await resolveDestination(deps, destination));
  const source = await store.get(backup.storageKey).catch((err: unknown) => {
    store.close();
    throw err;
  });
  async function* stream() {
    try {
      yield* key ? deps.backupCipher.decrypt(source, key) : source;
    } finally {
      store.close();
    }
  }
  const day = backup.createdAt.slice(0, 19).replace(/[:T]/g, '-');
  const suffix = backup.format === 'dump' ? '-dump' : '';
  return {
    filename: `backup-${day}-${backup.id.slice(0, 8)}${suffix}.zip`,
    sizeBytes: key ? deps.backupCipher.plainSizeOf(backup.sizeBytes) : backup.sizeBytes,
    stream: stream(),
  };
}

/**
 * Restores a completed backup into its instance, in place (manage:instances, Backups feature):
 * a safety backup first, then the swap only when the restore succeeded. Answers the queued restore.
 * `target: "new"` makes a new instance of it instead (`restoreAsNew`).
 */
export async function restoreBackup(deps: BackupDeps, actor: Actor, input: RestoreBackupInput): Promise<Restore> {
  if (input.target === 'new') return restoreAsNew(deps, actor, input);
  await allow(deps, actor, 'manage:instances');
  const restore = await commitAndPublish(deps, async (tx, record) => {
    const backup = await tx.backups.find(actor.organizationId, input.id);
    if (!backup) throw notFound('Backup');
    if (backup.status !== 'completed')
      throw new DomainError('INVALID_INPUT', `status: a ${backup.status} backup cannot be restored`, {
        field: 'status',
      });
    const instance = backup.instanceId ? await tx.instances.find(actor.organizationId, backup.instanceId) : undefined;
    if (!instance) throw new DomainError('NOT_FOUND', 'the backup’s instance was deleted');
    if (instance.status !== 'running')
      throw new DomainError('INVALID_INPUT', `status: a ${instance.status} instance cannot be restored in place`, {
        field: 'status',
      });
    // In place means into the instance's own database: another one's backup would replace it.
    if (backup.database)
      throw new DomainError(
        'INVALID_INPUT',
        `target: this backup is of database ${backup.database}, not the instance's own; restore it as a new instance (target "new") or download it`,
        { field: 'target' },
      );
    if (await tx.backups.hasOpenRestore(instance.id)) throw restoreRunning();
    const created = await tx.backups.insertRestore({
      backupId: backup.id,
      instanceId: instance.id,
      organizationId: actor.organizationId,
      createdBy: actor.userId,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'backup.restore_requested',
      targetType: 'instance',
      targetId: instance.id,
      diff: { backupId: backup.id, restoreId: created.id, target: input.target },
      payload: { restore: created },
    });
    return created;
  });
  await dispatch(deps, 'restore', restore.id);
  return restore;
}

/** How many of an instance's restores its list shows. */
export const instanceRestoresShown = 20;

/**
 * The instance's latest restores, newest first (view:instances, Backups feature): in place,
 * into it as a new instance, and the drills of its backups, each with its step or failure.
 */
export async function listInstanceRestores(
  deps: CoreDeps,
  actor: Actor,
  instanceId: string,
): Promise<{ items: Restore[]; total: number }> {
  await allow(deps, actor, 'view:instances');
  if (!(await deps.store.instances.find(actor.organizationId, instanceId))) throw notFound('Instance');
  const items = await deps.store.backups.listRestoresOfInstance(
    actor.organizationId,
    instanceId,
    instanceRestoresShown,
  );
  return { items, total: items.length };
}

/** The restores of a backup, newest first, each with its step or failure (view:instances, Backups feature). */
export async function listRestores(
  deps: CoreDeps,
  actor: Actor,
  backupId: string,
): Promise<{ items: Restore[]; total: number }> {
  await allow(deps, actor, 'view:instances');
  await findBackup(deps, actor, backupId);
  const items = await deps.store.backups.listRestores(actor.organizationId, backupId);
  return { items, total: items.length };
}
