import { runClone, type CloneJob, type CloneQueue } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const cloneQueueName = 'instance-clone';

/**
 * One job per staging clone; pg-boss does not retry one (a failed clone says why, holds
 * nothing, and is deleted or made again). Its operation heartbeats like any other: when the
 * worker dies, the instance sweep fails it.
 */
export async function startCloneJobs(boss: PgBoss, deps: AppDeps, work: boolean): Promise<void> {
  await boss.createQueue(cloneQueueName, { retryLimit: 0, expireInSeconds: 6 * 3600 });
  if (!work) return;
  await boss.work<CloneJob>(cloneQueueName, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const operation = await runClone(deps, job.data);
    deps.log.info({ operationId: job.data.operationId, status: operation?.status }, 'clone finished');
  });
}

/** Sends a clone to the queue. */
export function createCloneQueue(boss: () => PgBoss | undefined): CloneQueue {
  return {
    async request(job) {
      const instance = boss();
      if (!instance) throw new Error('the job queue is not running');
      await instance.send(cloneQueueName, job);
    },
  };
}
