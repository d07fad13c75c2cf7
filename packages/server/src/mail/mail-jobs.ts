import type { Mailer, OutgoingMail } from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';
import type { MailTransport } from './mail-transport.js';

export const mailQueue = 'mail-send';

export interface MailJobOptions {
  /** The first retry's delay; later ones back off exponentially, up to an hour. */
  retrySeconds: number;
}

/** The local mail worker, so that a message queued here is picked up at once. */
const workers = new WeakMap<PgBoss, string>();

/**
 * The outbox: one durable job per message. A message survives a restart (it is a row in the
 * pg-boss tables until delivered), and a mail server that refuses or is down is retried
 * with exponential backoff for about a day before the job is given up as failed.
 */
export async function startMailJobs(
  boss: PgBoss,
  transport: MailTransport,
  log: Logger,
  work: boolean,
  options: MailJobOptions,
): Promise<void> {
  await boss.createQueue(mailQueue, {
    retryLimit: 30,
    retryDelay: options.retrySeconds,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 120,
  });
  if (!work) return;
  const id = await boss.work<OutgoingMail>(mailQueue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return;
    try {
      await transport.deliver(job.data);
    } catch (err) {
      log.warn({ err, to: job.data.to, subject: job.data.subject }, 'mail delivery failed; it will be retried');
      throw err;
    }
  });
  workers.set(boss, id);
}

/** The Mailer port over the outbox. */
export function createQueuedMailer(boss: () => PgBoss | undefined): Mailer {
  return {
    async send(mail) {
      const instance = boss();
      if (!instance) throw new Error('the job queue is not running');
      await instance.send(mailQueue, mail);
      const worker = workers.get(instance);
      if (worker) instance.notifyWorker(worker);
    },
  };
}

/**
 * Delivers what waits in the outbox now, in this process, whether or not it works jobs
 * (for tests and operator tools on a process started with OCORE_JOBS=0). Answers how many.
 */
export async function deliverQueuedMail(boss: PgBoss, transport: MailTransport): Promise<number> {
  const jobs = await boss.fetch<OutgoingMail>(mailQueue, { batchSize: 100 });
  for (const job of jobs) {
    try {
      await transport.deliver(job.data);
      await boss.complete(mailQueue, job.id);
    } catch (err) {
      await boss.fail(mailQueue, job.id, { message: err instanceof Error ? err.message : String(err) });
    }
  }
  return jobs.length;
}
