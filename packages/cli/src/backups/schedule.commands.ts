import type { PutBackupScheduleInput } from '@ocore/core';
import type { Command } from 'commander';
import { findInstance } from '../instances/instance.lookup.js';
import { wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { findDestinationId } from './backup.commands.js';
import { formatSchedule } from './backup.format.js';

interface SetOptions {
  cron: string;
  timeZone?: string;
  destination?: string;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  minimumKeep?: number;
  drillCron?: string;
  disable?: boolean;
}

/** `--drill-cron off` (or an empty value) is no scheduled drill. */
function drillCronOf(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toLowerCase() === 'off' ? null : trimmed;
}

async function setSchedule(session: Session, options: SetOptions, ref: string): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const input: Omit<
    PutBackupScheduleInput,
    'timeZone' | 'destinationId' | 'enabled' | `keep${string}` | 'minimumKeep' | 'drillCron'
  > &
    Partial<PutBackupScheduleInput> = {
    id: instance.id,
    cron: options.cron,
    enabled: !options.disable,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
    ...(options.destination !== undefined && { destinationId: await findDestinationId(api, options.destination) }),
    ...(options.keepDaily !== undefined && { keepDaily: options.keepDaily }),
    ...(options.keepWeekly !== undefined && { keepWeekly: options.keepWeekly }),
    ...(options.keepMonthly !== undefined && { keepMonthly: options.keepMonthly }),
    ...(options.minimumKeep !== undefined && { minimumKeep: options.minimumKeep }),
    ...(options.drillCron !== undefined && { drillCron: drillCronOf(options.drillCron) }),
  };
  const schedule = await api.backups.putSchedule.mutate(input);
  session.print(schedule, () => formatSchedule(schedule));
}

/** `ocore backup schedule get|set`. */
export function registerScheduleCommands(backup: Command, io: CliIo): void {
  const schedule = backup
    .command('schedule')
    .description('an instance’s backup schedule: cron, time zone, destination, retention, restore drills');
  schedule
    .command('get')
    .description('show the schedule, its next run, the last successful backup and whether one is overdue')
    .argument('<instance>', 'the instance, by id or name')
    .action(
      withRef(io, async (session, _options, ref) => {
        const api = session.signedIn();
        const found = await api.backups.getSchedule.query({ id: (await findInstance(api, ref)).id });
        session.print(found, () => formatSchedule(found));
      }),
    );
  schedule
    .command('set')
    .description(
      'set the schedule (replaces it; unset retention options take their defaults: 7 daily, 4 weekly, 12 monthly, never fewer than 3; no scheduled drill unless --drill-cron) (needs manage:instances)',
    )
    .argument('<instance>', 'the instance, by id or name')
    .requiredOption('--cron <expression>', 'when, as cron: "0 2 * * *" (five fields, or six with seconds first)')
    .option('--time-zone <zone>', 'the IANA time zone the cron is read in (default: UTC)')
    .option('--destination <destination>', 'where to, by id or name (default: the organization’s default)')
    .option('--keep-daily <n>', 'keep the newest backup of each of the last n days', wholeNumberIn(0, 366))
    .option('--keep-weekly <n>', 'keep the newest backup of each of the last n weeks', wholeNumberIn(0, 520))
    .option('--keep-monthly <n>', 'keep the newest backup of each of the last n months', wholeNumberIn(0, 1200))
    .option('--minimum-keep <n>', 'never prune below the newest n', wholeNumberIn(0, 1000))
    .option(
      '--drill-cron <expression>',
      'restore drill: on this cron (same time zone) the newest completed backup is restored into a throwaway container and checked; a failed drill raises backup.verify_failed ("off": none)',
    )
    .option('--disable', 'keep the schedule but run nothing (no backups, no drills)')
    .action(withRef(io, setSchedule));
}
