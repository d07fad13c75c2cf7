import { checkInstanceHealth, probeDueServers, purgeExpiredAuditEntries } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';
import { createPgBoss } from './pg-boss.js';
import { startDomainJobs } from './domain-jobs.js';
import { startDeployJobs } from './deploy-jobs.js';
import { startMailJobs } from '../mail/mail-jobs.js';
import { startInstanceJobs } from './instance-jobs.js';
import { startMonitoringJobs } from './monitoring-jobs.js';
import { startBackupJobs } from './backup-jobs.js';
import { startBackupScheduleTicker } from './backup-schedule-jobs.js';
import { startCloneJobs } from './clone-jobs.js';
import { startInstanceDomainJobs } from './instance-domain-jobs.js';
import { startNotificationJobs } from '../notifications/notification-jobs.js';

/** What the scheduled jobs are tuned by. */
interface ScheduleOptions {
  /** How often each server is checked; 0: the check runs only when asked for (runNow, check now). */
  serverCheckSeconds: number;
}

/** Every durable job: its queue name, its schedule (cron, UTC), and what it does. */
const scheduledJobs = [
  {
    name: 'audit-log-purge',
    cron: '17 3 * * *',
    off: () => false,
    run: async (deps: AppDeps) => {
      const deleted = await purgeExpiredAuditEntries(deps);
      deps.log.info({ deleted }, 'audit log purged');
    },
  },
  {
    name: 'server-probe',
    cron: '* * * * *',
    off: (o: ScheduleOptions) => o.serverCheckSeconds === 0,
    run: async (deps: AppDeps, o: ScheduleOptions) => {
      await probeDueServers(deps, 500, o.serverCheckSeconds > 0 ? o.serverCheckSeconds * 1000 : undefined);
    },
  },
  {
    name: 'instance-health',
    cron: '* * * * *',
    off: () => false,
    run: async (deps: AppDeps) => {
      const sweep = await checkInstanceHealth(deps);
      if (sweep.failed || sweep.recovered || sweep.unknown) deps.log.info(sweep, 'instance health checked');
    },
  },
] as const;

export type JobName = (typeof scheduledJobs)[number]['name'] | 'portal-domain-sweep' | 'instance-domain-sweep';

export interface JobRunner {
  boss: PgBoss;
  /** Queues a job to run now (operators and tests); resolves with its id. */
  runNow(name: JobName): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss: queues always (any process may send jobs), schedules and workers when
 * `work` is set (OCORE_JOBS). Jobs survive restarts, and when several processes share a
 * database pg-boss hands each job to one of them only.
 */
export async function startJobs(
  deps: AppDeps,
  options: {
    work: boolean;
    domainConcurrency: number;
    superviseSeconds?: number;
    mailRetrySeconds?: number;
    backupScheduleTickSeconds?: number;
    notifyRetrySeconds?: number;
    serverCheckSeconds?: number;
  },
): Promise<JobRunner> {
  const tuning: ScheduleOptions = { serverCheckSeconds: options.serverCheckSeconds ?? 300 };
  const boss = createPgBoss(deps.database, options.superviseSeconds);
  boss.on('error', (err) => deps.log.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of scheduledJobs) {
    await boss.createQueue(job.name);
    if (!options.work) continue;
    // A job switched off is not scheduled (nor left scheduled from an earlier start), yet runs when sent.
    if (job.off(tuning)) await boss.unschedule(job.name);
    else await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      await job.run(deps, tuning);
    });
  }
  await startDomainJobs(boss, deps, options.domainConcurrency, options.work);
  await startDeployJobs(boss, deps, options.work);
  await startMailJobs(boss, deps.mailTransport, deps.log, options.work, {
    retrySeconds: options.mailRetrySeconds ?? 30,
  });
  await startInstanceJobs(boss, deps, options.work);
  await startMonitoringJobs(boss, deps, options.work);
  await startBackupJobs(boss, deps, options.work);
  const scheduleTicker = options.work
    ? startBackupScheduleTicker(deps, options.backupScheduleTickSeconds ?? 15)
    : undefined;
  await startCloneJobs(boss, deps, options.work);
  await startInstanceDomainJobs(boss, deps, options.work);
  const stopNotifier = await startNotificationJobs(boss, deps, options.work, {
    retrySeconds: options.notifyRetrySeconds ?? 30,
  });
  return {
    boss,
    runNow: (name) => boss.send(name, {}),
    stop: async () => {
      stopNotifier();
      await scheduleTicker?.stop();
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    },
  };
}
