import type { BackupScheduleRecord, BackupScheduleRepository } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { BackupSchedulesTable, Database } from '../db/database.js';

function toSchedule(row: Selectable<BackupSchedulesTable>): BackupScheduleRecord {
  return { ...row };
}

/** Backup schedules, one per instance, with the state of their slots. */
export function createBackupScheduleRepository(db: Kysely<Database>): BackupScheduleRepository {
  const schedules = () => db.selectFrom('backupSchedules').selectAll();
  return {
    async find(organizationId, instanceId) {
      const row = await schedules()
        .where('organizationId', '=', organizationId)
        .where('instanceId', '=', instanceId)
        .executeTakeFirst();
      return row && toSchedule(row);
    },
    async save(record) {
      const row = await db
        .insertInto('backupSchedules')
        .values(record)
        .onConflict((oc) => oc.column('instanceId').doUpdateSet({ ...record, updatedAt: sql`now()` }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSchedule(row);
    },
    async update(instanceId, patch) {
      const row = await db
        .updateTable('backupSchedules')
        .set({ ...patch, updatedAt: sql`now()` })
        .where('instanceId', '=', instanceId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSchedule(row);
    },
    async findByBackup(backupId) {
      const row = await schedules().where('backupId', '=', backupId).executeTakeFirst();
      return row && toSchedule(row);
    },
    async claimDue(now, limit) {
      const rows = await schedules()
        .where('enabled', '=', true)
        .where((eb) =>
          eb.or([
            eb('retryAt', '<=', now),
            eb.and([eb('retryAt', 'is', null), eb('backupId', 'is', null), eb('nextRunAt', '<=', now)]),
          ]),
        )
        .orderBy('nextRunAt')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      return rows.map(toSchedule);
    },
    async claimDueDrills(now, limit) {
      const rows = await schedules()
        .where('enabled', '=', true)
        .where('drillCron', 'is not', null)
        .where('nextDrillAt', '<=', now)
        .orderBy('nextDrillAt')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      return rows.map(toSchedule);
    },
    async listOwing(before) {
      const rows = await schedules()
        .where('enabled', '=', true)
        .where((eb) => eb.or([eb('owedSince', '<=', before), eb('nextRunAt', '<=', before)]))
        .execute();
      return rows.map(toSchedule);
    },
    async listTrying() {
      const rows = await schedules().where('backupId', 'is not', null).execute();
      return rows.map(toSchedule);
    },
    async listForOrganization(organizationId) {
      const rows = await schedules().where('organizationId', '=', organizationId).orderBy('instanceId').execute();
      return rows.map(toSchedule);
    },
  };
}
