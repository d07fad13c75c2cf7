import type { InstanceDeps } from '../instances/instance.deps.js';
import type { BackupQueue, BackupStores, OdooArchiver } from './backup.ports.js';

/** What backups need on top of instances: where bytes go, Odoo's format, and the job queue. */
export interface BackupDeps extends InstanceDeps {
  backupStores: BackupStores;
  odooArchiver: OdooArchiver;
  backupQueue: BackupQueue;
}

/** Events of the backups slice, pushed live. */
export const backupEvents = {
  /** The whole backup, at every change of its status. */
  status: 'backup.status',
  /** The whole restore, at every change of its status or step. */
  restore: 'backup.restore',
} as const;
