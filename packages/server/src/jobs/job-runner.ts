import { purgeExpiredAuditEntries } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';
import { createPgBoss } from './pg-boss.js';

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
] as const;

export type JobName = (typeof scheduledJobs)[number]['name'];

export interface JobRunner {
  boss: PgBoss;
  /** Queues a job to run now (operators and tests); resolves with its id. */
  runNow(name: JobName): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss: queues, schedules and workers. Jobs survive restarts, and when several
 * processes share a database pg-boss hands each job to one of them only.
 */
export async function startJobs(deps: AppDeps): Promise<JobRunner> {
  const boss = createPgBoss(deps.database);
  boss.on('error', (err) => deps.log.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of scheduledJobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async () => {
      await job.run(deps);
    });
  }
  return {
    boss,
    runNow: (name) => boss.send(name, {}),
    stop: () => boss.stop({ graceful: true, close: true, timeout: 10_000 }),
  };
}
