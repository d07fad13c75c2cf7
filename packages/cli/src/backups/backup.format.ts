import type { Backup, BackupHealth, BackupSchedule } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';

/** Bytes as KB, MB or GB. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function statusOf(backup: Backup): string {
  return backup.status === 'failed' && backup.reason ? `failed: ${backup.reason}` : backup.status;
}

/** The trigger, with what a safety backup was taken before. */
function triggerOf(backup: Backup): string {
  return backup.purpose ? `${backup.trigger} (${backup.purpose})` : backup.trigger;
}

/** The backups as a table, then when the last one completed and whether one is overdue. */
export function formatBackupList(list: { items: readonly Backup[] } & BackupHealth): string {
  const table = list.items.length
    ? formatTable(list.items, [
        { header: 'created', value: (b) => formatTime(b.createdAt) },
        { header: 'trigger', value: triggerOf },
        { header: 'size', value: (b) => formatSize(b.sizeBytes) },
        { header: 'id', value: (b) => b.id },
        { header: 'status', value: statusOf },
      ])
    : 'No backups yet.';
  const last = `Last successful backup: ${list.lastSuccessfulBackupAt ? formatTime(list.lastSuccessfulBackupAt) : 'never'}`;
  const overdue = list.backupOverdue
    ? `\nOVERDUE: a scheduled backup is late since ${formatTime(list.overdueSince)}`
    : '';
  return `${table}\n\n${last}${overdue}`;
}

/** One backup's fields. */
export function formatBackup(backup: Backup): string {
  return formatFields([
    ['Backup', backup.id],
    ['Status', statusOf(backup)],
    ['Trigger', triggerOf(backup)],
    ['Format', `${backup.format}${backup.encrypted ? ', encrypted at rest' : ''}`],
    ['Size', formatSize(backup.sizeBytes)],
    ['SHA-256', backup.sha256 ?? '-'],
    ['Created', formatTime(backup.createdAt)],
    ['Completed', formatTime(backup.completedAt)],
  ]);
}

/** The schedule's fields, or that there is none. */
export function formatSchedule(schedule: BackupSchedule | null): string {
  if (!schedule) return 'No backup schedule; set one with `ocore backup schedule set <instance> --cron "0 2 * * *"`.';
  return formatFields([
    ['Schedule', `${schedule.cron} (${schedule.timeZone})${schedule.enabled ? '' : ', off'}`],
    ['Next run', formatTime(schedule.nextRunAt)],
    ['Destination', schedule.destinationId ?? 'the organization’s default'],
    [
      'Retention',
      `${schedule.keepDaily} daily, ${schedule.keepWeekly} weekly, ${schedule.keepMonthly} monthly, never fewer than ${schedule.minimumKeep}`,
    ],
    ['Restore drill', schedule.drillCron ? `${schedule.drillCron}, next ${formatTime(schedule.nextDrillAt)}` : 'none'],
    ['Last successful', formatTime(schedule.lastSuccessfulBackupAt)],
    ['Overdue', schedule.backupOverdue ? `yes, since ${formatTime(schedule.overdueSince)}` : 'no'],
    ...(schedule.lastFailure ? [['Last failure', schedule.lastFailure] as const] : []),
  ]);
}
