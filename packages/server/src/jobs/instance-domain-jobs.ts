import {
  issueHostnameCertificate,
  issueInstanceDomainCertificate,
  sweepHostnameCertificates,
  sweepInstanceDomains,
} from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const instanceDomainCertificateQueue = 'instance-domain-certificate';
export const instanceDomainSweepQueue = 'instance-domain-sweep';
/** Certificate orders of instances' own hostnames (by instance id). */
export const hostnameCertificateQueue = 'hostname-certificate';

/** Domains a sweep takes at once. */
const sweepBatch = 100;

/**
 * Instance domains' jobs, shaped as the portal domains': one certificate order per domain
 * (and per instance hostname) waiting and one running (a failed one records when to try again
 * and the sweep queues it then), and a sweep each minute for due DNS checks, renewals (of
 * instances' hostnames too) and expiry warnings.
 */
export async function startInstanceDomainJobs(boss: PgBoss, deps: AppDeps, work: boolean): Promise<void> {
  await boss.createQueue(instanceDomainCertificateQueue, { policy: 'stately', retryLimit: 0 });
  await boss.createQueue(hostnameCertificateQueue, { policy: 'stately', retryLimit: 0 });
  await boss.createQueue(instanceDomainSweepQueue, { policy: 'singleton' });
  if (!work) return;
  await boss.schedule(instanceDomainSweepQueue, '* * * * *');
  await boss.work(instanceDomainSweepQueue, async () => {
    const checked = await sweepInstanceDomains(deps, sweepBatch);
    if (checked) deps.log.info({ checked }, 'instance domains checked');
    const ordered = await sweepHostnameCertificates(deps, sweepBatch);
    if (ordered) deps.log.info({ ordered }, 'instance hostname certificates queued');
  });
  await boss.work<{ domainId: string }>(hostnameCertificateQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (job) await issueHostnameCertificate(deps, job.data.domainId);
  });
  await boss.work<{ domainId: string }>(
    instanceDomainCertificateQueue,
    { pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (job) await issueInstanceDomainCertificate(deps, job.data.domainId);
    },
  );
}
