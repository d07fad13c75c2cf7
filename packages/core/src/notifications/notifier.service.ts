import type { DomainEvent } from '../shared/events.js';
import { candidatesFor, needsInstanceName, type Candidate, type EventContext } from './notification.messages.js';
import type { NotificationMessage, NotificationRepository } from './notification.ports.js';
import type { NotificationKind } from './notification.schema.js';
import { coalesceWindowMs, type NotificationDeps } from './notification.service.js';

/** What one pass of the notifier did. */
export interface NotifierPass {
  events: number;
  deliveries: number;
  held: number;
}

/** Whether the candidate is sent, after storing its target's new state. */
async function passesTransition(repo: NotificationRepository, candidate: Candidate): Promise<boolean> {
  const t = candidate.transition;
  if (!t) return !candidate.silent;
  const previous = await repo.swapState(t.key, t.to);
  if (candidate.silent) return false;
  if (t.from) return previous !== undefined && t.from.includes(previous);
  return previous !== t.to;
}

/**
 * The organizations whose channels a message reaches (read in the notifier's transaction:
 * on PGlite a read outside it would wait for it): its own, and its agency's when the
 * agency's rules copy its clients' notifications.
 */
async function recipientsOf(repo: NotificationRepository, message: NotificationMessage) {
  const agencyId = await repo.agencyOf(message.organizationId);
  if (agencyId === undefined) return [];
  const own = await repo.findRules(message.organizationId);
  const kind = message.kind as NotificationKind;
  const routes = [{ organizationId: message.organizationId, channelIds: own?.channels[kind] ?? [] }];
  if (agencyId) {
    const agency = await repo.findRules(agencyId);
    if (agency?.copyClientNotifications)
      routes.push({ organizationId: agencyId, channelIds: agency.channels[kind] ?? [] });
  }
  return routes;
}

/**
 * Routes one message: a delivery per enabled channel its rules name, unless a message with
 * the same coalesce key went to that channel within the window (then it is held back, and
 * the window's end sends one summary: see `flushHeld`).
 */
async function route(
  deps: NotificationDeps,
  repo: NotificationRepository,
  message: NotificationMessage,
  after: { deliveries: string[]; flushes: { windowId: string; at: Date }[] },
): Promise<number> {
  let held = 0;
  for (const { organizationId, channelIds } of await recipientsOf(repo, message)) {
    for (const channelId of channelIds) {
      const channel = await repo.findChannel(organizationId, channelId);
      if (!channel?.enabled) continue;
      const decision = await repo.coalesce(channelId, message.coalesceKey, message, deps.clock.now(), coalesceWindowMs);
      if (decision.held) {
        held += 1;
        if (decision.first) after.flushes.push({ windowId: decision.windowId, at: new Date(decision.until) });
        continue;
      }
      const delivery = await repo.insertDelivery({ organizationId, channelId, message, status: 'queued' });
      after.deliveries.push(delivery.id);
    }
  }
  return held;
}

/**
 * One pass of the notifier: reads the event log past its cursor (durable: a restart
 * resumes where it stopped), turns events into notifications by the rules, and queues one
 * job per delivery. Several processes may run it: the cursor is held by one at a time.
 */
export async function notifyFromEvents(deps: NotificationDeps, limit = 200): Promise<NotifierPass> {
  const after = { deliveries: [] as string[], flushes: [] as { windowId: string; at: Date }[] };
  const pass = await deps.notifications.withNextEvents(limit, async (events: DomainEvent[], repo) => {
    let held = 0;
    // Failed operations carry only their instance's id: the names, read in the pass's transaction.
    const ids = events.map(needsInstanceName).filter((id): id is string => id !== undefined);
    const names = await repo.instanceNames([...new Set(ids)]);
    const contextOf = (event: DomainEvent): EventContext => {
      const name = names.get(needsInstanceName(event) ?? '');
      return name ? { instanceName: name } : {};
    };
    for (const event of events)
      for (const candidate of candidatesFor(event, contextOf(event)))
        if (await passesTransition(repo, candidate)) held += await route(deps, repo, candidate.message, after);
    return { events: events.length, held };
  });
  for (const id of after.deliveries) await deps.notificationQueue.deliver(id);
  for (const flush of after.flushes) await deps.notificationQueue.flushAt(flush.windowId, flush.at);
  return { ...pass, deliveries: after.deliveries.length };
}

/**
 * The end of a coalescing window: when messages were held back, one summary goes out with
 * the latest of them (so the channel learns how a flapping instance ended up) and opens a
 * new window.
 */
export async function flushHeld(deps: NotificationDeps, windowId: string): Promise<string | undefined> {
  const held = await deps.notifications.takeHeld(windowId, deps.clock.now(), coalesceWindowMs);
  if (!held) return undefined;
  const minutes = coalesceWindowMs / 60_000;
  const message: NotificationMessage = {
    ...held.message,
    title: `${held.message.title} (${held.count} more update${held.count === 1 ? '' : 's'} in ${minutes} minutes)`,
    text: `${held.message.text}\n\n${held.count} notification${held.count === 1 ? ' was' : 's were'} held back in the last ${minutes} minutes; this is the latest.`,
  };
  const delivery = await deps.notifications.insertDelivery({
    organizationId: held.organizationId,
    channelId: held.channelId,
    message,
    status: 'queued',
  });
  await deps.notificationQueue.deliver(delivery.id);
  return delivery.id;
}

/**
 * Queues again the deliveries whose job was lost between their commit and its sending (not
 * one an attempt holds: a slow send is not sent twice, see attemptDelivery's claim).
 */
export async function requeueStaleDeliveries(deps: NotificationDeps): Promise<number> {
  const now = deps.clock.now();
  const ids = await deps.notifications.listStaleQueued(new Date(now.getTime() - 5 * 60_000), now, 100);
  for (const id of ids) await deps.notificationQueue.deliver(id);
  return ids.length;
}
