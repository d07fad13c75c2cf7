import { rollUpAndPrune, sampleIntervalMs, sampleRunningInstances } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const instanceMetricsQueue = 'instance-metrics';

/** Rounds per job: the schedule runs it every minute, and it samples every 10 s within it. */
const roundsPerMinute = 60_000 / sampleIntervalMs;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples every running instance `rounds` times, 10 s apart, then rolls up and prunes. */
export async function runMetricsJob(deps: AppDeps, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const started = Date.now();
    const sampled = await sampleRunningInstances(deps);
    deps.log.debug({ sampled }, 'instances sampled');
    if (round < rounds - 1) await sleep(Math.max(0, sampleIntervalMs - (Date.now() - started)));
  }
  const result = await rollUpAndPrune(deps);
  deps.log.debug(result, 'instance metrics rolled up and pruned');
}

/**
 * Monitoring's job: once a minute (one at a time across processes: a singleton queue), six
 * rounds of samples 10 s apart. `{ rounds }` in the job's data runs fewer (tests, operators).
 */
export async function startMonitoringJobs(boss: PgBoss, deps: AppDeps, work: boolean): Promise<void> {
  await boss.createQueue(instanceMetricsQueue, { policy: 'singleton', retryLimit: 0, expireInSeconds: 300 });
  if (!work) return;
  await boss.schedule(instanceMetricsQueue, '* * * * *');
  await boss.work<{ rounds?: number }>(instanceMetricsQueue, async ([job]) => {
    const rounds = Math.min(Math.max(1, job?.data.rounds ?? roundsPerMinute), roundsPerMinute);
    await runMetricsJob(deps, rounds);
  });
}
