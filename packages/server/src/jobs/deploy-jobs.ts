import { runDeployment, type DeployQueue } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const deployQueue = 'topology-deploy';

/**
 * Deployments run one job each. The worker heartbeats while it works; if its process dies
 * mid-way the heartbeat stops and pg-boss hands the job out again, and the run picks up the deployment where
 * it stands (applying a node twice is harmless: every step converges, an unchanged container is left running).
 */
export async function startDeployJobs(boss: PgBoss, deps: AppDeps, work: boolean): Promise<void> {
  await boss.createQueue(deployQueue, { retryLimit: 2, retryDelay: 1, expireInSeconds: 3600, heartbeatSeconds: 10 });
  if (!work) return;
  await boss.work<{ deploymentId: string }>(deployQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return;
    const deployment = await runDeployment(deps, job.data.deploymentId);
    deps.log.info({ deploymentId: job.data.deploymentId, status: deployment.status }, 'topology deployment finished');
  });
}

/** Sends a deployment to the queue. */
export function createDeployQueue(boss: () => PgBoss | undefined): DeployQueue {
  return {
    async request(deploymentId) {
      const instance = boss();
      if (!instance) throw new Error('the job queue is not running');
      await instance.send(deployQueue, { deploymentId });
    },
  };
}
