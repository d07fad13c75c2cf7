import { describe, expect, it } from 'vitest';
import {
  cronProblem,
  isTimeZone,
  nextSlot,
  overdueSlot,
  retryDelayMs,
  selectBackupsToPrune,
  type RetentionPolicy,
} from './schedule.rules.js';

/** One backup a day at 02:00 UTC for `days` days up to 2026-12-06 (a Sunday), newest first. */
function daily(days: number, hour = 2, prefix = 'd') {
  const end = Date.UTC(2026, 11, 6, hour);
  return Array.from({ length: days }, (_, i) => ({ id: `${prefix}${i}`, completedAt: new Date(end - i * 86_400_000) }));
}
const none: RetentionPolicy = { keepDaily: 0, keepWeekly: 0, keepMonthly: 0, minimumKeep: 0 };
const kept = (backups: { id: string }[], pruned: string[]) =>
  backups.map((b) => b.id).filter((id) => !pruned.includes(id));

describe('cron and time zone', () => {
  it('accepts five and six field patterns and refuses nonsense, saying why', () => {
    expect(cronProblem('0 2 * * *')).toBeUndefined();
    expect(cronProblem('* * * * * *')).toBeUndefined();
    expect(cronProblem('61 * * * *')).toMatch(/\S/);
    expect(cronProblem('every day')).toMatch(/\S/);
    expect(isTimeZone('Europe/Brussels')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('computes the next slot in the schedule’s time zone', () => {
    const after = new Date('2026-12-06T12:00:00Z');
    expect(nextSlot('0 2 * * *', 'UTC', after)?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    // 02:00 in Brussels (UTC+1 in winter) is 01:00 UTC.
    expect(nextSlot('0 2 * * *', 'Europe/Brussels', after)?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });

  it('backs off 4x per try', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, 60_000))).toEqual([60_000, 240_000, 960_000]);
  });
});

describe('grandfather-father-son pruning', () => {
  it('keeps nothing beyond the policy, and everything when the policy keeps all', () => {
    const backups = daily(10);
    expect(selectBackupsToPrune(backups, none, 'UTC')).toHaveLength(10);
    expect(selectBackupsToPrune(backups, { ...none, keepDaily: 10 }, 'UTC')).toEqual([]);
  });

  it('keeps the newest of each of the last N days that have a backup', () => {
    const backups = [...daily(5, 2), ...daily(5, 14, 'pm')];
    const pruned = selectBackupsToPrune(backups, { ...none, keepDaily: 3 }, 'UTC');
    // The 14:00 backups of the 6th, 5th and 4th are the newest of their days.
    expect(kept(backups, pruned)).toEqual(['pm0', 'pm1', 'pm2']);
  });

  it('keeps one per ISO week and one per month on top of the days', () => {
    const backups = daily(70);
    const pruned = selectBackupsToPrune(backups, { ...none, keepDaily: 2, keepWeekly: 3, keepMonthly: 3 }, 'UTC');
    const left = backups.filter((b) => !pruned.includes(b.id)).map((b) => b.completedAt.toISOString().slice(0, 10));
    // Days: 6th, 5th. Weeks (Mon-Sun): newest of the week of the 6th (the 6th), of the week of
    // Nov 30 - ... it is the 6th again, so the weeks ending Nov 29 and Nov 22. Months: Dec 6, Nov 30, Oct 31.
    expect(left).toEqual(['2026-12-06', '2026-12-05', '2026-11-30', '2026-11-29', '2026-11-22', '2026-10-31']);
  });

  it('never prunes the newest minimumKeep, even against a policy that keeps none', () => {
    const backups = daily(6);
    expect(kept(backups, selectBackupsToPrune(backups, { ...none, minimumKeep: 4 }, 'UTC'))).toEqual([
      'd0',
      'd1',
      'd2',
      'd3',
    ]);
  });

  it('counts days in the schedule’s time zone', () => {
    // 23:30 UTC on the 5th is the 6th in Brussels, like 12:00 UTC on the 6th.
    const backups = [
      { id: 'late', completedAt: new Date('2026-12-05T23:30:00Z') },
      { id: 'noon', completedAt: new Date('2026-12-06T12:00:00Z') },
    ];
    expect(selectBackupsToPrune(backups, { ...none, keepDaily: 2 }, 'UTC')).toEqual([]);
    expect(selectBackupsToPrune(backups, { ...none, keepDaily: 2 }, 'Europe/Brussels')).toEqual(['late']);
  });
});

describe('overdue', () => {
  const grace = 30 * 60_000;
  const now = new Date('2026-12-06T03:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('is overdue once the owed slot is older than the grace', () => {
    expect(overdueSlot({ enabled: true, owedSince: at('2026-12-06T02:00:00Z'), nextRunAt: null }, now, grace)).toEqual(
      at('2026-12-06T02:00:00Z'),
    );
    expect(overdueSlot({ enabled: true, owedSince: at('2026-12-06T02:45:00Z'), nextRunAt: null }, now, grace)).toBe(
      null,
    );
  });

  it('counts a slot that passed with no process to run it', () => {
    const missed = { enabled: true, owedSince: null, nextRunAt: at('2026-12-06T02:00:00Z') };
    expect(overdueSlot(missed, now, grace)).toEqual(at('2026-12-06T02:00:00Z'));
    expect(overdueSlot({ ...missed, nextRunAt: at('2026-12-07T02:00:00Z') }, now, grace)).toBe(null);
  });

  it('is never overdue when the schedule is off', () => {
    expect(overdueSlot({ enabled: false, owedSince: at('2026-12-01T00:00:00Z'), nextRunAt: null }, now, grace)).toBe(
      null,
    );
  });
});
