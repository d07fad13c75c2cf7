import { commitAndPublish } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { DomainForReminder } from './notification.ports.js';
import type { NotificationDeps } from './notification.service.js';

const dayMs = 86_400_000;

/** Days before a certificate's expiry at which `portal_domain.expiring` is emitted (once each). */
export const expiryReminderDays = [14, 3] as const;
/** Days after a domain was added at which `portal_domain.unverified` is emitted while it is unverified. */
export const unverifiedReminderDays = [14, 28] as const;

/** The reminders due for a domain now: one key per reminder, so each is emitted once. */
export function remindersDue(domain: DomainForReminder, now: Date): { key: string; event: NewDomainEvent }[] {
  const due: { key: string; event: NewDomainEvent }[] = [];
  const base = {
    targetType: 'portal_domain',
    targetId: domain.id,
    clientOrgId: domain.clientOrgId,
    domainName: domain.name,
  };
  if (domain.certificateExpiresAt) {
    const daysLeft = Math.ceil((Date.parse(domain.certificateExpiresAt) - now.getTime()) / dayMs);
    // Only the nearest threshold crossed: a domain found 2 days from expiry gets the 3-day one only.
    const threshold = [...expiryReminderDays].reverse().find((d) => daysLeft <= d);
    if (threshold !== undefined && daysLeft > 0)
      due.push({
        key: `expiring:${domain.id}:${domain.certificateExpiresAt}:${threshold}`,
        event: {
          organizationId: domain.organizationId,
          type: 'portal_domain.expiring',
          payload: { ...base, daysLeft, expiresAt: domain.certificateExpiresAt },
        },
      });
  }
  if (!domain.dnsVerified) {
    const age = Math.floor((now.getTime() - Date.parse(domain.createdAt)) / dayMs);
    const days = [...unverifiedReminderDays].reverse().find((d) => age >= d);
    if (days !== undefined)
      due.push({
        key: `unverified:${domain.id}:${days}`,
        event: { organizationId: domain.organizationId, type: 'portal_domain.unverified', payload: { ...base, days } },
      });
  }
  return due;
}

/**
 * The reminder job: emits `portal_domain.expiring` at 14 and 3 days before a certificate
 * expires and `portal_domain.unverified` 14 and 28 days after a domain was added while it is
 * still unverified, each once; the notifier turns them into notifications.
 */
export async function emitDomainReminders(deps: NotificationDeps): Promise<number> {
  const now = deps.clock.now();
  const events: NewDomainEvent[] = [];
  for (const domain of await deps.notifications.domainsForReminders())
    for (const { key, event } of remindersDue(domain, now))
      if ((await deps.notifications.swapState(key, 'sent')) === undefined) events.push(event);
  if (events.length)
    await commitAndPublish(deps, async (_tx, _record, emit) => {
      for (const event of events) await emit(event);
    });
  return events.length;
}
