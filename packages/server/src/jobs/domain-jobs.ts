import {
  issueCertificate,
  lookUpDomainCheck,
  queueDueCertificates,
  saveDomainChecks,
  settingsBounds,
  type LookedUpCheck,
} from '@ocore/core';
import pLimit from 'p-limit';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const certificateQueue = 'certificate-order';
export const domainSweepQueue = 'portal-domain-sweep';

const leaseMs = 60_000;

/** Checks stored per transaction by the sweep. */
const saveGroup = 50;

/**
 * Checks every custom domain whose next check is due: claimed in batches under a lease (so
 * several processes never check one domain at once), looked up with bounded concurrency, and
 * stored in groups of up to 50 per transaction while the next ones are looked up. A group
 * that cannot be stored is stored one check at a time, so one bad check never costs the others.
 */
export async function sweepDueDomains(deps: AppDeps, concurrency: number): Promise<number> {
  const limit = pLimit(concurrency);
  let checked = 0;
  const store = async (group: LookedUpCheck[]) => {
    try {
      await saveDomainChecks(deps, group);
      checked += group.length;
    } catch {
      for (const check of group) {
        try {
          await saveDomainChecks(deps, [check]);
          checked += 1;
        } catch (err) {
          deps.log.error({ err, domainId: check.domainId }, 'domain check could not be stored');
        }
      }
    }
  };
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.store.portalDomains.claimDue(
      now,
      new Date(now.getTime() + leaseMs),
      settingsBounds.bulkBatchSize.max,
    );
    if (due.length === 0) break;
    const ready: LookedUpCheck[] = [];
    let storing = Promise.resolve();
    const flush = () => {
      const group = ready.splice(0);
      if (group.length > 0) storing = storing.then(() => store(group));
    };
    await Promise.all(
      due.map((check) =>
        limit(async () => {
          try {
            ready.push(await lookUpDomainCheck(deps, check));
            if (ready.length >= saveGroup) flush();
          } catch (err) {
            deps.log.error({ err, domainId: check.domain.id }, 'domain check failed');
          }
        }),
      ),
    );
    flush();
    await storing;
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
export function createCertificateQueue(boss: () => PgBoss | undefined, queue = certificateQueue) {
  return {
    async request(domainId: string) {
      const instance = boss();
      if (!instance) throw new Error('The job queue is not running');
      await instance.send(queue, { domainId }, { singletonKey: domainId });
    },
  };
}
