import { randomUUID } from 'node:crypto';
import {
  restoreRunning,
  type BackupFormat,
  type BackupRecord,
  type BackupRepository,
  type BackupStatus,
  type BackupTrigger,
  type Restore,
  type RestoreStatus,
  type RestoreTarget,
} from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { BackupRestoresTable, BackupsTable, Database } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

function toBackup(row: Selectable<BackupsTable>): BackupRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    instanceId: row.instanceId,
    destinationId: row.destinationId,
    status: row.status as BackupStatus,
    format: row.format as BackupFormat,
    encrypted: row.encrypted,
    trigger: row.trigger as BackupTrigger,
    purpose: row.purpose,
    database: row.database,
    storageKey: row.storageKey,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    sha256: row.sha256,
    durationMs: row.durationMs,
    reason: row.reason,
    verifyStatus: row.verifyStatus as 'passed' | 'failed' | null,
    verifyReason: row.verifyReason,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    completedAt: row.completedAt && iso(row.completedAt),
    verifiedAt: row.verifiedAt && iso(row.verifiedAt),
  };
}

function toRestore(row: Selectable<BackupRestoresTable>): Restore {
  return {
    id: row.id,
    organizationId: row.organizationId,
    backupId: row.backupId,
    instanceId: row.instanceId,
    status: row.status as RestoreStatus,
    step: row.step,
    safetyBackupId: row.safetyBackupId,
    target: row.target as RestoreTarget,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    finishedAt: row.finishedAt && iso(row.finishedAt),
  };
}

/** Backups and their restores. */
export function createBackupRepository(db: Kysely<Database>): BackupRepository {
  const backups = () => db.selectFrom('backups').selectAll();
  const restores = () => db.selectFrom('backupRestores').selectAll();
  return {
    async insert(b) {
      const id = randomUUID();
      const row = await db
        .insertInto('backups')
        .values({ ...b, id, status: 'pending', storageKey: `${b.organizationId}/${b.instanceId}/${id}.zip` })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBackup(row);
    },
    async listForInstance(organizationId, instanceId) {
      const rows = await backups()
        .where('organizationId', '=', organizationId)
        .where('instanceId', '=', instanceId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toBackup);
    },
    async find(organizationId, id) {
      const row = await backups().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && toBackup(row);
    },
    async findById(id) {
      const row = await backups().where('id', '=', id).executeTakeFirst();
      return row && toBackup(row);
    },
    async update(id, patch) {
      const row = await db
        .updateTable('backups')
        .set(patch)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toBackup(row);
    },
    async delete(id) {
      await db.deleteFrom('backups').where('id', '=', id).execute();
    },
    async listUnfinished(before) {
      const rows = await backups()
        .where('status', 'in', ['pending', 'running'])
        .where('createdAt', '<', before)
        .execute();
      return rows.map(toBackup);
    },
    async countForDestination(destinationId) {
      const { count } = await db
        .selectFrom('backups')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('destinationId', '=', destinationId)
        .executeTakeFirstOrThrow();
      return Number(count);
    },
    async insertRestore(r) {
      const row = await translateUnique(
        'backup_restores_one_active',
        () =>
          db
            .insertInto('backupRestores')
            .values({ ...r, status: 'queued' })
            .returningAll()
            .executeTakeFirstOrThrow(),
        () => restoreRunning(),
      );
      return toRestore(row);
    },
    async listRestoresOfInstance(organizationId, instanceId, limit) {
      const rows = await restores()
        .where('organizationId', '=', organizationId)
        .where('instanceId', '=', instanceId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRestore);
    },
    async listRestores(organizationId, backupId) {
      const rows = await restores()
        .where('organizationId', '=', organizationId)
        .where('backupId', '=', backupId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toRestore);
    },
    async findRestoreById(id) {
      const row = await restores().where('id', '=', id).executeTakeFirst();
      return row && toRestore(row);
    },
    async updateRestore(id, patch) {
      const row = await db
        .updateTable('backupRestores')
        .set(patch)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRestore(row);
    },
    async hasOpenRestore(instanceId) {
      const row = await db
        .selectFrom('backupRestores')
        .select('id')
        .where('instanceId', '=', instanceId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
