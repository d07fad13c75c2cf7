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

/** Every durable job: its queue name, its schedule (cron, UTC), and what it does. */
const scheduledJobs = [
  {
    name: 'audit-log-purge',
    cron: '17 3 * * *',
    run: async (deps: AppDeps) => {
      const deleted = await purgeExpiredAuditEntries(deps);
      deps.log.info({ deleted }, 'audit log purged');
    },
  },
  {
    name: 'server-probe',
    cron: '* * * * *',
    run: async (deps: AppDeps) => {
      await probeDueServers(deps, 500);
    },
  },
  {
    name: 'instance-health',
    cron: '* * * * *',
    run: async (deps: AppDeps) => {
      const sweep = await checkInstanceHealth(deps);
      if (sweep.failed || sweep.recovered || sweep.unknown) deps.log.info(sweep, 'instance health checked');
    },
  },
] as const;

export type JobName = (typeof scheduledJobs)[number]['name'] | 'portal-domain-sweep';

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
  options: { work: boolean; domainConcurrency: number; superviseSeconds?: number; mailRetrySeconds?: number },
): Promise<JobRunner> {
  const boss = createPgBoss(deps.database, options.superviseSeconds);
  boss.on('error', (err) => deps.log.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of scheduledJobs) {
    await boss.createQueue(job.name);
    if (!options.work) continue;
    await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      await job.run(deps);
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
  return {
    boss,
    runNow: (name) => boss.send(name, {}),
    stop: () => boss.stop({ graceful: true, close: true, timeout: 10_000 }),
  };
}
