import { commitAndPublish } from '../shared/change.js';
import type { BackupDeps } from './backup.deps.js';
import type { BackupRecord, BackupSource, BackupStore } from './backup.ports.js';

/**
 * The key a new backup of the organization is encrypted with: undefined when the setting
 * `backupEncryption` is off. Made on the first encrypted backup, sealed by the SecretBox and
 * kept (turning the setting off later keeps it, for the backups made with it).
 */
export async function backupKeyForWriting(deps: BackupDeps, organizationId: string): Promise<string | undefined> {
  const settings = await deps.store.settings.find(organizationId);
  if (!settings?.backupEncryption) return undefined;
  if (settings.sealed.backupKey) return deps.secrets.open(settings.sealed.backupKey);
  return commitAndPublish(deps, async (tx, _record, emit) => {
    // Locked: two backups starting at once make one key, not two.
    const locked = await tx.settings.findForUpdate(organizationId);
    if (locked.sealed.backupKey) return deps.secrets.open(locked.sealed.backupKey);
    const key = deps.backupCipher.newKey();
    await tx.settings.update(organizationId, { sealed: { backupKey: deps.secrets.seal(key) } });
    await emit({
      organizationId,
      type: 'org_settings.backup_key_created',
      payload: { targetType: 'org_settings', targetId: organizationId },
    });
    return key;
  });
}

/** The organization's key, to read its encrypted backups; throws saying why when there is none. */
export async function backupKeyForReading(deps: BackupDeps, organizationId: string): Promise<string> {
  const sealed = (await deps.store.settings.find(organizationId))?.sealed.backupKey;
  if (!sealed)
    throw new Error(
      'the backup is encrypted and the organization holds no backup key (an organization restored from an export made without its secrets cannot read it)',
    );
  try {
    return deps.secrets.open(sealed);
  } catch (err) {
    throw new Error(`the organization’s backup key cannot be opened: ${(err as Error).message}`);
  }
}

/** Random access to a stored backup's plaintext: decrypted chunk by chunk when it is encrypted. */
export async function plainSourceOf(
  deps: BackupDeps,
  backup: Pick<BackupRecord, 'organizationId' | 'storageKey' | 'encrypted'>,
  store: BackupStore,
): Promise<BackupSource> {
  const source: BackupSource = {
    sizeBytes: await store.size(backup.storageKey),
    read: (start, end) => store.get(backup.storageKey, { start, end }),
  };
  if (!backup.encrypted) return source;
  const key = await backupKeyForReading(deps, backup.organizationId);
  return deps.backupCipher.decryptingSource(source, key);
}
