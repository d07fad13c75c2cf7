import { failStaleOperations, runOperation, type OperationQueue } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const instanceOperationQueue = 'instance-operation';
export const instanceSweepQueue = 'instance-operation-sweep';

/**
 * One job per instance operation. pg-boss does not retry one: an operation that fails says
 * why and is retried by the user (redeploy, start, delete). One whose worker died stays
 * `running` with a stale heartbeat; the sweep (at start-up and every minute) fails it.
 */
export async function startInstanceJobs(boss: PgBoss, deps: AppDeps, work: boolean): Promise<void> {
  await boss.createQueue(instanceOperationQueue, { retryLimit: 0, expireInSeconds: 3600 });
  await boss.createQueue(instanceSweepQueue, { policy: 'singleton' });
  if (!work) return;
  const failed = await failStaleOperations(deps);
  if (failed) deps.log.warn({ failed }, 'instance operations left running by a stopped worker were failed');
  await boss.schedule(instanceSweepQueue, '* * * * *');
  await boss.work(instanceSweepQueue, async () => {
    await failStaleOperations(deps);
  });
  await boss.work<{ operationId: string }>(
    instanceOperationQueue,
    { pollingIntervalSeconds: 0.5, batchSize: 1 },
    async ([job]) => {
      if (!job) return;
      const operation = await runOperation(deps, job.data.operationId);
      deps.log.info(
        { operationId: job.data.operationId, kind: operation?.kind, status: operation?.status },
        'instance operation finished',
      );
    },
  );
}

/** Sends an operation to the queue. */
export function createOperationQueue(boss: () => PgBoss | undefined): OperationQueue {
  return {
    async request(operationId) {
      const instance = boss();
      if (!instance) throw new Error('the job queue is not running');
      await instance.send(instanceOperationQueue, { operationId });
    },
  };
}
