import { raiseOverdueBackups, runDueDrills, runDueSchedules } from '@ocore/core';
import type { AppDeps } from '../trpc/context.js';

/** A running schedule sweep; `stop` waits for a sweep under way. */
export interface ScheduleTicker {
  stop(): Promise<void>;
}

/**
 * Every `tickSeconds`, starts the backups whose slot (or retry) came, raises
 * `backup.overdue` for late ones, and queues the restore drills whose slot came. Each process that works jobs runs it; the claim in the
 * database (row locks, skipped when held) lets exactly one of them run each slot, and the
 * slots live in the database, so a restart (or a process that was down) misses none: a slot
 * that passed is run at the next tick.
 */
export function startBackupScheduleTicker(deps: AppDeps, tickSeconds: number): ScheduleTicker {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sweep = async () => {
    try {
      const queued = await runDueSchedules(deps);
      const overdue = await raiseOverdueBackups(deps);
      const drills = await runDueDrills(deps);
      if (queued || overdue || drills) deps.log.info({ queued, overdue, drills }, 'backup schedules swept');
    } catch (err) {
      deps.log.error({ err }, 'backup schedule sweep failed');
    }
  };
  const timer = setInterval(() => {
    if (stopped) return;
    // One sweep at a time in this process: a slow one is not overlapped.
    running = running.then(sweep);
  }, tickSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
