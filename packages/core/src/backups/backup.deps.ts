import type { InstanceDeps } from '../instances/instance.deps.js';
import type { BackupCipher, BackupQueue, BackupStores, OdooArchiver } from './backup.ports.js';
import type { BackupInspector } from './backup-contents.rules.js';

/** What backups need on top of instances: where bytes go, Odoo's format, and the job queue. */
export interface BackupDeps extends InstanceDeps {
  backupStores: BackupStores;
  odooArchiver: OdooArchiver;
  backupQueue: BackupQueue;
  /** Reads a backup's manifest and file list (restores elsewhere, drills, imports). */
  backupInspector: BackupInspector;
  /** Encrypts backups at rest for organizations with `backupEncryption` on, and decrypts them to read them. */
  backupCipher: BackupCipher;
}

/** Events of the backups slice, pushed live. */
export const backupEvents = {
  /** The whole backup, at every change of its status. */
  status: 'backup.status',
  /** The whole restore, at every change of its status or step. */
  restore: 'backup.restore',
  /** A restore drill failed: the backup could not be proven restorable (for notifications). */
  verifyFailed: 'backup.verify_failed',
} as const;
