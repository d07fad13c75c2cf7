import { connectToInstanceServer, StepFailure } from '../instances/operation.runner.js';
import { runtimeNames } from '../instances/instance.rules.js';
import { commitAndPublish } from '../shared/change.js';
import type { BackupDeps } from './backup.deps.js';
import type { BackupPatch, BackupRecord, BackupStore } from './backup.ports.js';
import { emitBackup } from './backup.service.js';
import { resolveDestination } from './destination.service.js';
import { backupKeyForWriting } from './backup-key.service.js';

async function saveBackup(deps: BackupDeps, id: string, patch: BackupPatch): Promise<BackupRecord> {
  return commitAndPublish(deps, async (tx, _record, emit) => {
    const backup = await tx.backups.update(id, patch);
    await emitBackup(emit, backup);
    return backup;
  });
}

/** The reason a step failed, as the backup's record tells it. */
export function reasonOf(err: unknown): string {
  return err instanceof StepFailure ? `${err.step}: ${err.message}` : (err as Error).message;
}

/** Opens the store of the backup's destination. */
export async function openStoreOf(deps: BackupDeps, backup: BackupRecord): Promise<BackupStore> {
  const destination = backup.destinationId
    ? await deps.store.backupDestinations.findById(backup.destinationId)
    : undefined;
  if (!destination) throw new Error('the backup destination was deleted');
  return deps.backupStores.open(await resolveDestination(deps, destination));
}

/**
 * Streams the archive into the store, encrypted as it goes when `key` is given; answers what
 * is there, once its checksum matched what was sent (the encrypted bytes, when encrypted).
 */
async function writeBackup(deps: BackupDeps, backup: BackupRecord, store: BackupStore, key: string | undefined) {
  const instance = backup.instanceId ? await deps.store.instances.findById(backup.instanceId) : undefined;
  if (!instance) throw new Error('the instance was deleted before the backup ran');
  const runtime = await connectToInstanceServer(deps, instance);
  const database = backup.database ?? runtimeNames(instance).database;
  const archive = deps.odooArchiver.create(runtime, instance, backup.format, database);
  const sent = key ? deps.backupCipher.encrypt(archive.stream, key) : archive;
  // `done` is awaited below; a failed upload must not leave its rejection unhandled meanwhile.
  archive.done.catch(() => undefined);
  sent.done.catch(() => undefined);
  const stored = await store.put(backup.storageKey, sent.stream);
  await archive.done;
  const made = await sent.done;
  if (stored.sha256 !== made.sha256 || stored.sizeBytes !== made.sizeBytes)
    throw new Error(
      `checksum mismatch: ${made.sizeBytes} bytes were sent (sha256 ${made.sha256}), the destination holds ${stored.sizeBytes} (sha256 ${stored.sha256})`,
    );
  return stored;
}

/**
 * The job: makes one backup. It is `completed` only when its bytes are at the destination and
 * the checksum read back from there matches what was sent; otherwise whatever reached the
 * destination is removed and the backup is `failed` with the reason.
 */
export async function runBackup(deps: BackupDeps, backupId: string): Promise<BackupRecord | undefined> {
  const pending = await deps.store.backups.findById(backupId);
  if (!pending || pending.status !== 'pending') return pending;
  const started = deps.clock.now().getTime();
  await saveBackup(deps, backupId, { status: 'running', reason: null });
  let store: BackupStore | undefined;
  try {
    const key = await backupKeyForWriting(deps, pending.organizationId);
    if (key) await saveBackup(deps, backupId, { encrypted: true });
    store = await openStoreOf(deps, pending);
    const stored = await writeBackup(deps, pending, store, key);
    const now = deps.clock.now();
    return await saveBackup(deps, backupId, {
      status: 'completed',
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      durationMs: now.getTime() - started,
      completedAt: now,
    });
  } catch (err) {
    await store?.delete(pending.storageKey).catch(() => undefined);
    return saveBackup(deps, backupId, {
      status: 'failed',
      reason: reasonOf(err),
      durationMs: deps.clock.now().getTime() - started,
    });
  } finally {
    store?.close();
  }
}

/**
 * Fails the backups whose worker stopped (still `pending` or `running` after `olderThanMs`):
 * nothing half-written is ever listed as usable. Answers how many it failed.
 */
export async function failStaleBackups(deps: BackupDeps, olderThanMs: number): Promise<number> {
  const stale = await deps.store.backups.listUnfinished(new Date(deps.clock.now().getTime() - olderThanMs));
  for (const backup of stale) {
    await saveBackup(deps, backup.id, {
      status: 'failed',
      reason: 'the control plane stopped while the backup ran (its worker ended); make it again',
    });
  }
  return stale.length;
}
