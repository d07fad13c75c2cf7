import {
  attemptDelivery,
  emitDomainReminders,
  flushHeld,
  notifiedEventTypes,
  notifyFromEvents,
  requeueStaleDeliveries,
  type NotificationQueue,
} from '@ocore/core';
import type { PgBoss } from 'pg-boss';
import type { AppDeps } from '../trpc/context.js';

export const notificationQueues = {
  deliver: 'notification-deliver',
  flush: 'notification-flush',
  scan: 'notification-scan',
  reminders: 'notification-reminders',
} as const;

/** Attempts of one delivery before it is failed: with backoff from `retrySeconds`, up to an hour apart (about a day). */
const retryLimit = 30;

export interface NotificationJobOptions {
  /** The first retry's delay (OCORE_NOTIFY_RETRY_SECONDS); later ones back off exponentially. */
  retrySeconds: number;
}

/**
 * Delivery: one durable job per delivery, retried with backoff, its attempts in the delivery
 * log. The notifier reads the event log past its own cursor: at once when this process
 * hears of events (in-process bus, or PostgreSQL's LISTEN/NOTIFY relay), and every minute
 * in any case, so nothing is missed across restarts. Domain reminders run hourly.
 */
export async function startNotificationJobs(
  boss: PgBoss,
  deps: AppDeps,
  work: boolean,
  options: NotificationJobOptions,
): Promise<() => void> {
  await boss.createQueue(notificationQueues.deliver, {
    retryLimit,
    retryDelay: options.retrySeconds,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 120,
  });
  await boss.createQueue(notificationQueues.flush);
  await boss.createQueue(notificationQueues.scan);
  await boss.createQueue(notificationQueues.reminders);
  if (!work) return () => undefined;
  await boss.work<{ id: string }>(notificationQueues.deliver, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (!job) return;
    await attemptDelivery(deps, job.data.id, job.retryCount >= retryLimit);
  });
  await boss.work<{ windowId: string }>(notificationQueues.flush, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await flushHeld(deps, job.data.windowId);
  });
  const scan = createScanner(deps);
  await boss.schedule(notificationQueues.scan, '* * * * *');
  await boss.work(notificationQueues.scan, async () => {
    await scan();
    await requeueStaleDeliveries(deps);
  });
  await boss.schedule(notificationQueues.reminders, '23 * * * *');
  await boss.work(notificationQueues.reminders, async () => {
    const emitted = await emitDomainReminders(deps);
    if (emitted) deps.log.info({ emitted }, 'domain reminders emitted');
  });
  return deps.bus.watch((event) => {
    if (notifiedEventTypes.has(event.type)) void scan();
  });
}

/** Runs the notifier until it has caught up; calls while it runs make it go round once more. */
function createScanner(deps: AppDeps): () => Promise<void> {
  const state: { running: Promise<void> | undefined; again: boolean } = { running: undefined, again: false };
  const wantsAgain = (): boolean => state.again;
  const loop = async () => {
    do {
      state.again = false;
      try {
        while ((await notifyFromEvents(deps)).events > 0);
      } catch (err) {
        deps.log.error({ err }, 'the notifier failed; it tries again with the next event or in a minute');
      }
      // Set by a call that came while this pass ran (read through a function: TS narrows the field).
    } while (wantsAgain());
    state.running = undefined;
  };
  return () => {
    if (state.running) {
      state.again = true;
      return state.running;
    }
    state.running = loop();
    return state.running;
  };
}

/** The queue port over pg-boss. */
export function createNotificationQueue(boss: () => PgBoss | undefined): NotificationQueue {
  const instance = () => {
    const b = boss();
    if (!b) throw new Error('the job queue is not running');
    return b;
  };
  return {
    async deliver(deliveryId) {
      await instance().send(notificationQueues.deliver, { id: deliveryId });
    },
    async flushAt(windowId, at) {
      await instance().send(notificationQueues.flush, { windowId }, { startAfter: at });
    },
  };
}
