import { commitAndPublish } from '../shared/change.js';
import type { NewDomainEvent } from '../shared/events.js';
import type { DomainForReminder, InstanceDomainForReminder, PortalDomainForReminder } from './notification.ports.js';
import type { NotificationDeps } from './notification.service.js';

const dayMs = 86_400_000;

/** Days before a certificate's expiry at which a `*.expiring` reminder is emitted (once each). */
export const expiryReminderDays = [14, 3] as const;
/** Days after a domain was added at which a `*.unverified` reminder is emitted while it is unverified. */
export const unverifiedReminderDays = [14, 28] as const;

/** A reminder to emit once: `key` is what the reminder job remembers having sent. */
export interface DueReminder {
  key: string;
  event: NewDomainEvent;
}

/** What one kind of domain is reminded with: its two events, and what keeps its keys apart. */
export interface ReminderKind<D extends DomainForReminder> {
  /** Put before each key (portal domains have none: their keys were stored before instance domains had any). */
  keyPrefix: string;
  expiring(domain: D, daysLeft: number, expiresAt: string): NewDomainEvent;
  unverified(domain: D, days: number): NewDomainEvent;
}

const portalTarget = (d: PortalDomainForReminder) => ({
  targetType: 'portal_domain',
  targetId: d.id,
  clientOrgId: d.clientOrgId,
  domainName: d.name,
});

/** Portal custom domains: `portal_domain.expiring` and `portal_domain.unverified`. */
export const portalDomainReminders: ReminderKind<PortalDomainForReminder> = {
  keyPrefix: '',
  expiring: (d, daysLeft, expiresAt) => ({
    organizationId: d.organizationId,
    type: 'portal_domain.expiring',
    payload: { ...portalTarget(d), daysLeft, expiresAt },
  }),
  unverified: (d, days) => ({
    organizationId: d.organizationId,
    type: 'portal_domain.unverified',
    payload: { ...portalTarget(d), days },
  }),
};

// A hostname is the instance's own: the reminder is about the instance (its id is the instance's).
const instanceTarget = (d: InstanceDomainForReminder) => ({
  targetType: d.hostname ? 'instance' : 'instance_domain',
  targetId: d.id,
  instanceId: d.instanceId,
  instanceName: d.instanceName,
  organizationName: d.organizationName,
  domain: d.name,
});

/** Instances' custom domains and hostnames: `instance_domain.expiring` and `instance_domain.unverified`. */
export const instanceDomainReminders: ReminderKind<InstanceDomainForReminder> = {
  keyPrefix: 'instance_domain:',
  expiring: (d, daysLeft, expiresAt) => ({
    organizationId: d.organizationId,
    type: 'instance_domain.expiring',
    payload: { ...instanceTarget(d), daysLeft, expiresAt },
  }),
  unverified: (d, days) => ({
    organizationId: d.organizationId,
    type: 'instance_domain.unverified',
    payload: { ...instanceTarget(d), days },
  }),
};

/** The reminders due for a domain of one kind now: one key per reminder, so each is emitted once. */
export function remindersDue<D extends DomainForReminder>(domain: D, now: Date, kind: ReminderKind<D>): DueReminder[] {
  const due: DueReminder[] = [];
  const expiresAt = domain.certificateExpiresAt;
  if (expiresAt) {
    const daysLeft = Math.ceil((Date.parse(expiresAt) - now.getTime()) / dayMs);
    // Only the nearest threshold crossed: a domain found 2 days from expiry gets the 3-day one only.
    const threshold = [...expiryReminderDays].reverse().find((d) => daysLeft <= d);
    if (threshold !== undefined && daysLeft > 0)
      due.push({
        // Per certificate (its expiry): a renewed one is reminded of again.
        key: `${kind.keyPrefix}expiring:${domain.id}:${expiresAt}:${threshold}`,
        event: kind.expiring(domain, daysLeft, expiresAt),
      });
  }
  if (!domain.dnsVerified) {
    const age = Math.floor((now.getTime() - Date.parse(domain.createdAt)) / dayMs);
    const days = [...unverifiedReminderDays].reverse().find((d) => age >= d);
    if (days !== undefined)
      due.push({ key: `${kind.keyPrefix}unverified:${domain.id}:${days}`, event: kind.unverified(domain, days) });
  }
  return due;
}

/**
 * The reminder job: emits `portal_domain.expiring` and `instance_domain.expiring` at 14 and 3
 * days before a certificate expires (an instance's hostname's as well), and
 * `portal_domain.unverified` and `instance_domain.unverified` 14 and 28 days after a domain was
 * added while it is still unverified, each once; the notifier turns them into notifications.
 */
export async function emitDomainReminders(deps: NotificationDeps): Promise<number> {
  const now = deps.clock.now();
  const store = deps.notifications;
  const due = [
    ...(await store.domainsForReminders()).flatMap((d) => remindersDue(d, now, portalDomainReminders)),
    ...(await store.instanceDomainsForReminders()).flatMap((d) => remindersDue(d, now, instanceDomainReminders)),
  ];
  const events: NewDomainEvent[] = [];
  for (const { key, event } of due) if ((await store.swapState(key, 'sent')) === undefined) events.push(event);
  if (events.length)
    await commitAndPublish(deps, async (_tx, _record, emit) => {
      for (const event of events) await emit(event);
    });
  return events.length;
}
