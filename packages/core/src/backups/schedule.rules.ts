import { Cron } from 'croner';

/** Tries of one scheduled slot before it is given up (and `backup.failed` raised). */
export const scheduleMaxAttempts = 3;

/** Why a cron expression is refused, or undefined when croner accepts it. */
export function cronProblem(expression: string): string | undefined {
  try {
    const cron = new Cron(expression, { paused: true });
    if (!cron.nextRun(new Date())) return 'never fires';
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}

/** Whether the runtime knows the IANA time zone (`Europe/Brussels`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The first slot of the schedule strictly after `after`, or null when it never fires again. */
export function nextSlot(cron: string, timeZone: string, after: Date): Date | null {
  return new Cron(cron, { paused: true, timezone: timeZone }).nextRun(after);
}

/** The next `count` slots after `after`. */
export function nextSlots(cron: string, timeZone: string, after: Date, count: number): Date[] {
  return new Cron(cron, { paused: true, timezone: timeZone }).nextRuns(count, after);
}

/** How long to wait before try `attempt + 1` of a slot: `baseMs`, then 4x each time. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return baseMs * 4 ** Math.max(0, attempt - 1);
}

/**
 * The slot a schedule owes a backup for, once it is `graceMs` late: the oldest slot not yet
 * covered by a completed backup, or the next slot when it passed without being run (every
 * control plane was down). Null when nothing is overdue or the schedule is off.
 */
export function overdueSlot(
  schedule: { enabled: boolean; owedSince: Date | null; nextRunAt: Date | null },
  now: Date,
  graceMs: number,
): Date | null {
  if (!schedule.enabled) return null;
  const passed = schedule.nextRunAt && schedule.nextRunAt <= now ? schedule.nextRunAt : null;
  const owed = [schedule.owedSince, passed]
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return owed && owed.getTime() + graceMs <= now.getTime() ? owed : null;
}

/**
 * The backup a scheduled restore drill proves: the newest completed one (of any trigger), the
 * one a restore would reach for. Undefined when the instance has none.
 */
export function backupToDrill<T extends { status: string; completedAt: string | null }>(
  backups: readonly T[],
): T | undefined {
  return backups
    .filter((b) => b.status === 'completed' && b.completedAt !== null)
    .reduce<T | undefined>(
      (newest, b) => (!newest || (b.completedAt ?? '') > (newest.completedAt ?? '') ? b : newest),
      undefined,
    );
}

export interface RetentionPolicy {
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  /** The newest this many are never pruned, whatever the other rules say. */
  minimumKeep: number;
}

/** Year, month, day of the instant in the time zone. */
function localDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: part('year'), m: part('month'), d: part('day') };
}

/** ISO 8601 week of a calendar date: `2026-W49`. */
function isoWeek({ y, m, d }: { y: number; m: number; d: number }): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${week}`;
}

/**
 * Grandfather-father-son retention: of completed backups, keeps the newest `minimumKeep`, the
 * newest of each of the last `keepDaily` days that have one, of the last `keepWeekly` ISO
 * weeks and of the last `keepMonthly` months (calendar of `timeZone`). Answers the ids to prune.
 */
export function selectBackupsToPrune(
  backups: readonly { id: string; completedAt: Date }[],
  policy: RetentionPolicy,
  timeZone: string,
): string[] {
  const newest = [...backups].sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime());
  const kept = new Set(newest.slice(0, policy.minimumKeep).map((b) => b.id));
  const buckets: [number, (date: { y: number; m: number; d: number }) => string][] = [
    [policy.keepDaily, ({ y, m, d }) => `${y}-${m}-${d}`],
    [policy.keepWeekly, isoWeek],
    [policy.keepMonthly, ({ y, m }) => `${y}-${m}`],
  ];
  for (const [count, keyOf] of buckets) {
    let last: string | undefined;
    let taken = 0;
    for (const backup of newest) {
      if (taken >= count) break;
      const key = keyOf(localDate(backup.completedAt, timeZone));
      if (key === last) continue;
      last = key;
      kept.add(backup.id);
      taken += 1;
    }
  }
  return newest.filter((b) => !kept.has(b.id)).map((b) => b.id);
}
