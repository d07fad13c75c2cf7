import type { BackupScheduleRecord, BackupScheduleRepository } from '../backups/schedule.ports.js';
import type { StateCell } from './in-memory-state.js';

/** Backup schedules kept in memory. */
export function createBackupScheduleRepository(cell: StateCell): BackupScheduleRepository {
  const all = () => cell.current.backupSchedules;
  const found = (instanceId: string) => {
    const row = all().find((s) => s.instanceId === instanceId);
    if (!row) throw new Error(`no backup schedule for ${instanceId}`);
    return row;
  };
  const isDue = (s: BackupScheduleRecord, now: Date) =>
    s.enabled &&
    ((s.retryAt !== null && s.retryAt <= now) ||
      (s.retryAt === null && s.backupId === null && s.nextRunAt !== null && s.nextRunAt <= now));
  return {
    async find(organizationId, instanceId) {
      return structuredClone(all().find((s) => s.organizationId === organizationId && s.instanceId === instanceId));
    },
    async save(record) {
      const row = { ...record, updatedAt: cell.clock.now() };
      cell.current.backupSchedules = [...all().filter((s) => s.instanceId !== record.instanceId), row];
      return structuredClone(row);
    },
    async update(instanceId, patch) {
      const row = found(instanceId);
      Object.assign(row, patch, { updatedAt: cell.clock.now() });
      return structuredClone(row);
    },
    async findByBackup(backupId) {
      return structuredClone(all().find((s) => s.backupId === backupId));
    },
    async claimDue(now, limit) {
      return structuredClone(
        all()
          .filter((s) => isDue(s, now))
          .slice(0, limit),
      );
    },
    async claimDueDrills(now, limit) {
      return structuredClone(
        all()
          .filter((s) => s.enabled && s.drillCron !== null && s.nextDrillAt !== null && s.nextDrillAt <= now)
          .slice(0, limit),
      );
    },
    async listOwing(before) {
      return structuredClone(
        all().filter(
          (s) =>
            s.enabled &&
            ((s.owedSince !== null && s.owedSince <= before) || (s.nextRunAt !== null && s.nextRunAt <= before)),
        ),
      );
    },
    async listTrying() {
      return structuredClone(all().filter((s) => s.backupId !== null));
    },
    async listForOrganization(organizationId) {
      return structuredClone(all().filter((s) => s.organizationId === organizationId));
    },
  };
}
