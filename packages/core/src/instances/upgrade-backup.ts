import type { Actor } from '../auth/actor.js';
import type { BackupDeps } from '../backups/backup.deps.js';
import { backUpBefore } from '../backups/safety-backup.js';
import { notFound } from '../shared/domain-error.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { Repositories } from '../shared/store.js';
import { emitLog } from './instance.deps.js';
import { allowedOperations } from './instance.rules.js';
import type { Operation } from './operation.schema.js';

/** What an upgrade's operation log says of the backup taken before it. */
export interface UpgradeBackup {
  backupId: string | null;
  text: string;
}

/**
 * Before a change of the Odoo version: a backup of the instance's database, or nothing when it
 * has none yet (never deployed). Another change, or one its status refuses anyway, takes none.
 * A failed backup throws (UNAVAILABLE, naming why) and the upgrade does not happen.
 */
export async function backUpBeforeUpgrade(
  deps: BackupDeps,
  actor: Actor,
  id: string,
  odooVersion: string | undefined,
): Promise<UpgradeBackup | undefined> {
  if (odooVersion === undefined) return undefined;
  const instance = await deps.store.instances.find(actor.organizationId, id);
  if (!instance) throw notFound('Instance');
  if (odooVersion === instance.odooVersion) return undefined;
  if (!allowedOperations[instance.status].includes('update')) return undefined;
  const upgrade = `upgrading Odoo from ${instance.odooVersion} to ${odooVersion}`;
  if (instance.status === 'pending' || !(await deps.store.instances.findSealedSecrets(id)))
    return { backupId: null, text: `no backup before ${upgrade}: the instance has no database yet` };
  const backup = await backUpBefore(deps, actor, instance, { purpose: `before ${upgrade}` });
  return { backupId: backup.id, text: `backup ${backup.id} taken before ${upgrade}` };
}

/** Writes what was backed up as the queued upgrade's first log line. */
export async function logUpgradeBackup(
  deps: BackupDeps,
  tx: Repositories,
  emit: (event: NewDomainEvent) => Promise<void>,
  operation: Operation,
  backup: UpgradeBackup,
): Promise<void> {
  const line = { at: deps.clock.now().toISOString(), level: 'info' as const, step: 'safety backup', text: backup.text };
  await tx.operations.appendLog(operation.id, line);
  await emitLog(emit, operation, line);
}
