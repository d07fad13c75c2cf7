import { requirePermission, type Actor } from '../auth/actor.js';
import { requireFeature } from '../agency/portal-config.service.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { CoreDeps } from '../shared/deps.js';
import type { Permission } from '../members/permissions.js';
import type { Repositories } from '../shared/store.js';
import type { BackupScheduleRecord } from './schedule.ports.js';
import { nextSlot, overdueSlot } from './schedule.rules.js';
import type { BackupHealth, BackupSchedule, PutBackupScheduleInput } from './schedule.schema.js';

/** How late a slot may be before it is overdue, and the first retry's delay. */
export interface ScheduleTiming {
  graceMs: number;
  retryBaseMs: number;
}

export const defaultScheduleTiming: ScheduleTiming = { graceMs: 3_600_000, retryBaseMs: 60_000 };

/** Backups' schedules need, beyond the core ports, their timing (defaults when unset). */
export interface ScheduleTimingDeps {
  backupScheduleTiming?: ScheduleTiming;
}

/** Events of backup schedules, for live views and notifications. */
export const scheduleEvents = {
  /** The schedule as saved. */
  schedule: 'backup.schedule',
  /** A scheduled backup failed for good (every try): instanceId, organizationId, reason, scheduledFor. */
  failed: 'backup.failed',
  /** A slot passed, plus the grace, without a completed backup: instanceId, organizationId, reason, scheduledFor. */
  overdue: 'backup.overdue',
  /** Retention removed a scheduled backup (bytes and record). */
  pruned: 'backup.pruned',
} as const;

async function allow(deps: CoreDeps, actor: Actor, permission: Permission): Promise<void> {
  requirePermission(actor, permission);
  await requireFeature(deps, actor, 'featureBackups');
}

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** When the instance's newest completed backup completed, and whether a scheduled slot is overdue. */
export async function computeBackupHealth(
  deps: CoreDeps & ScheduleTimingDeps,
  organizationId: string,
  instanceId: string,
): Promise<BackupHealth> {
  const backups = await deps.store.backups.listForInstance(organizationId, instanceId);
  const last = backups
    // A safety backup of another of its databases is not a backup of the instance.
    .filter((b) => b.status === 'completed' && b.completedAt && b.database === null)
    .map((b) => b.completedAt as string)
    .sort()
    .at(-1);
  const schedule = await deps.store.backupSchedules.find(organizationId, instanceId);
  const timing = deps.backupScheduleTiming ?? defaultScheduleTiming;
  const overdue = schedule ? overdueSlot(schedule, deps.clock.now(), timing.graceMs) : null;
  return { lastSuccessfulBackupAt: last ?? null, backupOverdue: overdue !== null, overdueSince: isoOrNull(overdue) };
}

/** The schedule as answered. */
export function toBackupSchedule(record: BackupScheduleRecord, health: BackupHealth): BackupSchedule {
  return {
    instanceId: record.instanceId,
    organizationId: record.organizationId,
    cron: record.cron,
    timeZone: record.timeZone,
    destinationId: record.destinationId,
    enabled: record.enabled,
    keepDaily: record.keepDaily,
    keepWeekly: record.keepWeekly,
    keepMonthly: record.keepMonthly,
    minimumKeep: record.minimumKeep,
    drillCron: record.drillCron,
    nextDrillAt: isoOrNull(record.nextDrillAt),
    nextRunAt: isoOrNull(record.nextRunAt),
    attempt: record.attempt,
    retryAt: isoOrNull(record.retryAt),
    lastFailure: record.lastFailure,
    updatedAt: record.updatedAt.toISOString(),
    ...health,
  };
}

/** The destination a backup goes to when it names none: the organization's default, if set. */
export async function defaultDestinationId(tx: Repositories, organizationId: string): Promise<string | null> {
  return (await tx.settings.find(organizationId))?.backupDestinationId ?? null;
}

/** The instance's backup schedule, or null when it has none (view:instances, Backups feature). */
export async function getBackupSchedule(
  deps: CoreDeps & ScheduleTimingDeps,
  actor: Actor,
  instanceId: string,
): Promise<BackupSchedule | null> {
  await allow(deps, actor, 'view:instances');
  if (!(await deps.store.instances.find(actor.organizationId, instanceId))) throw notFound('Instance');
  const record = await deps.store.backupSchedules.find(actor.organizationId, instanceId);
  if (!record) return null;
  return toBackupSchedule(record, await computeBackupHealth(deps, actor.organizationId, instanceId));
}

/**
 * Sets the instance's backup schedule (manage:instances, Backups feature). Its destination, or
 * the organization's default when it names none, must exist. The next slot (and the next drill,
 * with a `drillCron`) is computed anew; a try under way or waiting for its retry goes on.
 */
export async function putBackupSchedule(
  deps: CoreDeps & ScheduleTimingDeps,
  actor: Actor,
  input: PutBackupScheduleInput,
): Promise<BackupSchedule> {
  await allow(deps, actor, 'manage:instances');
  const saved = await commitAndPublish(deps, async (tx, record) => {
    const instance = await tx.instances.find(actor.organizationId, input.id);
    if (!instance) throw notFound('Instance');
    if (input.destinationId && !(await tx.backupDestinations.find(actor.organizationId, input.destinationId)))
      throw new DomainError('NOT_FOUND', 'destinationId: no such backup destination', { field: 'destinationId' });
    if (!input.destinationId && input.enabled && !(await defaultDestinationId(tx, actor.organizationId)))
      throw new DomainError(
        'INVALID_INPUT',
        'destinationId: name a destination, or set the organization’s default (setting backupDestinationId)',
        { field: 'destinationId' },
      );
    const before = await tx.backupSchedules.find(actor.organizationId, instance.id);
    const { id: _id, ...settings } = input;
    const now = deps.clock.now();
    const saved = await tx.backupSchedules.save({
      ...(before ?? emptyScheduleState),
      ...settings,
      instanceId: instance.id,
      organizationId: actor.organizationId,
      nextRunAt: input.enabled ? nextSlot(input.cron, input.timeZone, now) : null,
      nextDrillAt: input.enabled && input.drillCron ? nextSlot(input.drillCron, input.timeZone, now) : null,
      // An owed slot stays owed until a backup completes; a schedule turned off owes nothing.
      owedSince: input.enabled ? (before?.owedSince ?? null) : null,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: scheduleEvents.schedule,
      targetType: 'instance',
      targetId: instance.id,
      diff: { ...settings },
      payload: { instanceId: instance.id },
    });
    return saved;
  });
  return toBackupSchedule(saved, await computeBackupHealth(deps, actor.organizationId, input.id));
}

/** A schedule's run state before its first run (a new or restored schedule). */
export const emptyScheduleState = {
  nextRunAt: null,
  nextDrillAt: null,
  owedSince: null,
  pendingSlot: null,
  backupId: null,
  attempt: 0,
  retryAt: null,
  overdueNotifiedFor: null,
  lastFailure: null,
};
