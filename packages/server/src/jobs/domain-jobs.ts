import { issueCertificate, queueDueCertificates, runDomainCheck, settingsBounds } from '@ocore/core';
import pLimit from 'p-limit';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const certificateQueue = 'certificate-order';
export const domainSweepQueue = 'portal-domain-sweep';

const leaseMs = 60_000;

/**
 * Checks every custom domain whose next check is due: claimed in batches under a lease (so
 * several processes never check one domain at once), looked up with bounded concurrency.
 */
export async function sweepDueDomains(deps: AppDeps, concurrency: number): Promise<number> {
  const limit = pLimit(concurrency);
  let checked = 0;
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.store.portalDomains.claimDue(now, new Date(now.getTime() + leaseMs), settingsBounds.bulkBatchSize.max);
    if (due.length === 0) break;
    await Promise.all(
      due.map((id) =>
        limit(async () => {
          try {
            await runDomainCheck(deps, id);
            checked += 1;
          } catch (err) {
            deps.log.error({ err, domainId: id }, 'domain check failed');
          }
        }),
      ),
    );
  }
  await queueDueCertificates(deps, settingsBounds.bulkBatchSize.max);
  return checked;
}

/** Queues, schedules and workers of the portal-domain jobs. */
export async function startDomainJobs(boss: PgBoss, deps: AppDeps, concurrency: number, work: boolean): Promise<void> {
  // One order per domain waiting and one running, at most. A failed order is not retried by
  // pg-boss: it records when to try again, and the sweep queues it then (with backoff).
  await boss.createQueue(certificateQueue, { policy: 'stately', retryLimit: 0 });
  await boss.createQueue(domainSweepQueue, { policy: 'singleton' });
  if (!work) return;
  await boss.schedule(domainSweepQueue, '* * * * *');
  await boss.work(domainSweepQueue, async () => {
    const checked = await sweepDueDomains(deps, concurrency);
    if (checked) deps.log.info({ checked }, 'portal domains checked');
  });
  await boss.work<{ domainId: string }>(certificateQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (job) await issueCertificate(deps, job.data.domainId);
  });
}

/** Sends a certificate order; a second one for the same domain while one waits is dropped. */
export function createCertificateQueue(boss: () => PgBoss | undefined) {
  return {
    async request(domainId: string) {
      const instance = boss();
      if (!instance) throw new Error('The job queue is not running');
      await instance.send(certificateQueue, { domainId }, { singletonKey: domainId });
    },
  };
}
