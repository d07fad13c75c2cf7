import type { Actor } from '../auth/actor.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { runtimeNames } from '../instances/instance.rules.js';
import { serverOf } from '../instances/operation.runner.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { BackupDeps } from './backup.deps.js';
import type { BackupRecord, NewBackup } from './backup.ports.js';
import { emitBackup } from './backup.service.js';
import { runBackup } from './backup.runner.js';
import { defaultDestinationId } from './schedule.service.js';

/** Where safety backups go on the instance's server when the organization has no default destination. */
export const serverDiskDirectory = '/var/backups/ocore';

/**
 * Takes a safety backup now (a zip, `trigger: safety`, its `purpose` told) and answers it once
 * completed; `onInsert` runs in the transaction that records it. Throws naming the backup and
 * why it failed: whatever it was taken before must not go on.
 */
export async function takeSafetyBackup(
  deps: BackupDeps,
  backup: Omit<NewBackup, 'format' | 'trigger'> & { purpose: string },
  onInsert?: (tx: Repositories, created: BackupRecord) => Promise<void>,
): Promise<BackupRecord> {
  const safety = await commitAndPublish(deps, async (tx, _record, emit) => {
    const created = await tx.backups.insert({ ...backup, format: 'zip', trigger: 'safety' });
    await onInsert?.(tx, created);
    await emitBackup(emit, created);
    return created;
  });
  const done = await runBackup(deps, safety.id);
  if (done?.status !== 'completed')
    throw new Error(`the safety backup ${safety.id} failed: ${done?.reason ?? 'it was removed'}`);
  return done;
}

/**
 * The organization's default destination (setting `backupDestinationId`); without one, its
 * destination on the instance's server's disk, made on first need (and audited) when it has none.
 */
async function safetyDestinationId(deps: BackupDeps, actor: Actor, instance: InstanceRecord): Promise<string> {
  const server = await serverOf(deps, instance);
  return commitAndPublish(deps, async (tx, record) => {
    const chosen = await defaultDestinationId(tx, instance.organizationId);
    if (chosen) return chosen;
    const onDisk = (await tx.backupDestinations.list(instance.organizationId)).find(
      (d) => d.kind === 'server' && d.server?.serverId === instance.serverId,
    );
    if (onDisk) return onDisk.id;
    const created = await tx.backupDestinations.insert({
      organizationId: instance.organizationId,
      name: `Server disk (${server?.name ?? instance.serverId})`,
      kind: 'server',
      server: { serverId: instance.serverId, directory: serverDiskDirectory },
      sealedCredentials: null,
    });
    await record(actor, {
      organizationId: instance.organizationId,
      action: 'backup_destination.created',
      targetType: 'backup_destination',
      targetId: created.id,
      diff: { name: created.name, kind: created.kind, for: 'safety backups (no default destination)' },
    });
    return created.id;
  });
}

/**
 * Backs the instance's own database (or `database`, another of its databases) up before a
 * change that cannot be undone, to the organization's default destination or its server's
 * disk; answers the completed backup. When the backup fails, throws UNAVAILABLE naming the
 * backup and why, and the caller must not make the change.
 */
export async function backUpBefore(
  deps: BackupDeps,
  actor: Actor,
  instance: InstanceRecord,
  change: { purpose: string; database?: string },
): Promise<BackupRecord> {
  const own = change.database === undefined || change.database === runtimeNames(instance).database;
  try {
    return await takeSafetyBackup(deps, {
      instanceId: instance.id,
      organizationId: instance.organizationId,
      destinationId: await safetyDestinationId(deps, actor, instance),
      createdBy: actor.userId,
      purpose: change.purpose,
      database: own ? null : (change.database ?? null),
    });
  } catch (err) {
    throw new DomainError('UNAVAILABLE', `nothing was changed: ${(err as Error).message} (taken ${change.purpose})`);
  }
}
