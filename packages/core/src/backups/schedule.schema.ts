import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { cronProblem, isTimeZone } from './schedule.rules.js';

const count = (max: number) =>
  z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, `must be 0-${max}`)
    .max(max, `must be 0-${max}`);

/** Cron (croner): five fields, or six with seconds first; `@daily` and the like. */
const cronExpression = z
  .string({ message: 'must be a cron expression' })
  .trim()
  .min(1, 'must be a cron expression')
  .max(120, 'must be at most 120 characters')
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid cron expression: ${problem}` });
  });

/** The settings of an instance's backup schedule, as set. */
const scheduleSettings = {
  cron: cronExpression,
  /** IANA time zone the cron is read in. */
  timeZone: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Brussels')
    .default('UTC'),
  /** Null: the organization's default destination (setting `backupDestinationId`). */
  destinationId: idSchema.nullable().default(null),
  enabled: z.boolean().default(true),
  keepDaily: count(366).default(7),
  keepWeekly: count(520).default(4),
  keepMonthly: count(1200).default(12),
  /** The newest this many completed scheduled backups are never pruned. */
  minimumKeep: count(1000).default(3),
  /**
   * Restore drills: when set, the instance's newest completed backup is drilled (restored into a
   * throwaway container and checked, like `POST /api/backups/{id}/verify`) on this cron, read in
   * the same time zone, while the schedule is enabled. Null: no scheduled drill.
   */
  drillCron: cronExpression.nullable().default(null),
};

export const putBackupScheduleInput = z.object({ id: idSchema, ...scheduleSettings });
export type PutBackupScheduleInput = z.infer<typeof putBackupScheduleInput>;

/** Whether backups are late, told beside the backups list and the schedule. */
export const backupHealthSchema = z.object({
  /** When the newest completed backup (of any trigger) completed. */
  lastSuccessfulBackupAt: isoDateSchema.nullable(),
  /** A scheduled slot passed, plus the grace, without a completed backup. */
  backupOverdue: z.boolean(),
  /** The oldest slot still owed, when overdue. */
  overdueSince: isoDateSchema.nullable(),
});
export type BackupHealth = z.infer<typeof backupHealthSchema>;

export const backupScheduleSchema = z.object({
  instanceId: idSchema,
  organizationId: idSchema,
  cron: z.string(),
  timeZone: z.string(),
  destinationId: idSchema.nullable(),
  enabled: z.boolean(),
  keepDaily: z.number().int(),
  keepWeekly: z.number().int(),
  keepMonthly: z.number().int(),
  minimumKeep: z.number().int(),
  /** The cron of the scheduled restore drill of the newest completed backup; null when none. */
  drillCron: z.string().nullable(),
  /** The next drill, null when off, without a drill cron, or when it never fires again. */
  nextDrillAt: isoDateSchema.nullable(),
  /** The next slot, null when off or when the cron never fires again. */
  nextRunAt: isoDateSchema.nullable(),
  /** Tries made of the slot under way (a failed try is retried with backoff, 3 in all). */
  attempt: z.number().int(),
  retryAt: isoDateSchema.nullable(),
  /** The last scheduled backup that failed for good, and why. */
  lastFailure: z.string().nullable(),
  updatedAt: isoDateSchema,
  ...backupHealthSchema.shape,
});
export type BackupSchedule = z.infer<typeof backupScheduleSchema>;

/** An instance with no schedule answers this. */
export const backupScheduleAnswer = backupScheduleSchema.nullable();
