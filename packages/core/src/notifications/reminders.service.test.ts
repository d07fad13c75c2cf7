import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../shared/events.js';
import { candidatesFor } from './notification.messages.js';
import type { InstanceDomainForReminder, PortalDomainForReminder } from './notification.ports.js';
import { instanceDomainReminders, portalDomainReminders, remindersDue } from './reminders.service.js';

const now = new Date('2026-12-07T12:00:00.000Z');
const day = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * day).toISOString();

function domain(overrides: Partial<PortalDomainForReminder> = {}): PortalDomainForReminder {
  return {
    id: '00000000-0000-4000-8000-000000000010',
    organizationId: '00000000-0000-4000-8000-000000000011',
    clientOrgId: '00000000-0000-4000-8000-000000000012',
    name: 'portal.client.example',
    status: 'verified',
    dnsVerified: true,
    certificateExpiresAt: at(60),
    createdAt: at(-90),
    ...overrides,
  };
}

const due = (d: PortalDomainForReminder) => remindersDue(d, now, portalDomainReminders);

describe('certificate expiry reminders', () => {
  it('are due 14 and 3 days before expiry, the nearest threshold only, and never after it expired', () => {
    expect(due(domain({ certificateExpiresAt: at(15) }))).toEqual([]);
    const fortnight = due(domain({ certificateExpiresAt: at(14) }));
    expect(fortnight.map((r) => r.event.type)).toEqual(['portal_domain.expiring']);
    expect(fortnight[0]?.key).toMatch(/:14$/);
    expect(fortnight[0]?.event.payload).toMatchObject({ daysLeft: 14, domainName: 'portal.client.example' });
    expect(due(domain({ certificateExpiresAt: at(5) }))[0]?.key).toMatch(/:14$/);
    // A domain first seen 2 days from expiry gets the 3-day reminder, not the 14-day one as well.
    const close = due(domain({ certificateExpiresAt: at(2) }));
    expect(close.map((r) => r.key)).toEqual([expect.stringMatching(/:3$/)]);
    expect(due(domain({ certificateExpiresAt: at(-1) }))).toEqual([]);
    expect(due(domain({ certificateExpiresAt: null }))).toEqual([]);
  });

  it('have a key per certificate, so that a renewed one is reminded of again', () => {
    const first = due(domain({ certificateExpiresAt: at(10) }))[0]?.key;
    const renewed = due(domain({ certificateExpiresAt: at(10.5) }))[0]?.key;
    expect(first).toBeDefined();
    expect(renewed).not.toBe(first);
  });
});

describe('unverified domain reminders', () => {
  it('are due 14 and 28 days after a domain was added while it is unverified', () => {
    const unverified = (age: number) =>
      due(domain({ dnsVerified: false, certificateExpiresAt: null, createdAt: at(-age) }));
    expect(unverified(13)).toEqual([]);
    expect(unverified(14).map((r) => [r.key.split(':').at(-1), r.event.type])).toEqual([
      ['14', 'portal_domain.unverified'],
    ]);
    expect(unverified(30).map((r) => r.key.split(':').at(-1))).toEqual(['28']);
    expect(due(domain({ dnsVerified: true, createdAt: at(-30) }))).toEqual([]);
  });

  it("become a client's domain.unverified notification naming the domain and its age", () => {
    const [reminder] = due(domain({ dnsVerified: false, certificateExpiresAt: null, createdAt: at(-28) }));
    const event: DomainEvent = { ...reminder!.event, id: '7', createdAt: now.toISOString() };
    const [candidate] = candidatesFor(event);
    expect(candidate?.message).toMatchObject({
      kind: 'domain.unverified',
      organizationId: '00000000-0000-4000-8000-000000000012',
      target: { name: 'portal.client.example' },
    });
    expect(candidate?.message.text).toContain('28');
  });
});

const instanceId = '00000000-0000-4000-8000-000000000021';

function instanceDomain(overrides: Partial<InstanceDomainForReminder> = {}): InstanceDomainForReminder {
  return {
    id: '00000000-0000-4000-8000-000000000020',
    organizationId: '00000000-0000-4000-8000-000000000011',
    name: 'erp.acme.example',
    dnsVerified: true,
    certificateExpiresAt: at(60),
    createdAt: at(-90),
    hostname: false,
    instanceId,
    instanceName: 'Acme ERP',
    organizationName: 'Acme Ltd',
    ...overrides,
  };
}

const dueOfInstance = (d: InstanceDomainForReminder) => remindersDue(d, now, instanceDomainReminders);
/** The reminder as the notifier reads it from the event log, and the notification it makes. */
function notified(d: InstanceDomainForReminder) {
  const [reminder] = dueOfInstance(d);
  const event = { ...reminder!.event, id: '9', createdAt: now.toISOString() };
  return candidatesFor(event).map((c) => c.message);
}

describe("reminders of instances' domains", () => {
  it('are due 14 and 3 days before a certificate expires, the nearest only, once per certificate', () => {
    expect(dueOfInstance(instanceDomain({ certificateExpiresAt: at(15) }))).toEqual([]);
    const [fortnight] = dueOfInstance(instanceDomain({ certificateExpiresAt: at(14) }));
    expect(fortnight?.key).toMatch(/^instance_domain:expiring:.*:14$/);
    expect(fortnight?.event).toMatchObject({
      organizationId: '00000000-0000-4000-8000-000000000011',
      type: 'instance_domain.expiring',
      payload: {
        targetType: 'instance_domain',
        targetId: '00000000-0000-4000-8000-000000000020',
        instanceId,
        instanceName: 'Acme ERP',
        organizationName: 'Acme Ltd',
        domain: 'erp.acme.example',
        daysLeft: 14,
      },
    });
    expect(dueOfInstance(instanceDomain({ certificateExpiresAt: at(2) })).map((r) => r.key)).toEqual([
      expect.stringMatching(/:3$/),
    ]);
    expect(dueOfInstance(instanceDomain({ certificateExpiresAt: at(-1) }))).toEqual([]);
    // Renewed: another expiry, another key; a portal domain with the same id keeps its own keys.
    const renewed = dueOfInstance(instanceDomain({ certificateExpiresAt: at(13.5) }))[0]?.key;
    expect(renewed).not.toBe(fortnight?.key);
    expect(renewed).not.toBe(
      due(domain({ id: '00000000-0000-4000-8000-000000000020', certificateExpiresAt: at(13.5) }))[0]?.key,
    );
  });

  it("are due for an instance's own hostname with a certificate, about the instance", () => {
    const hostname = instanceDomain({
      hostname: true,
      id: instanceId,
      name: 'acme-erp.apps.example',
      certificateExpiresAt: at(3),
    });
    const [reminder] = dueOfInstance(hostname);
    expect(reminder?.event.payload).toMatchObject({
      targetType: 'instance',
      targetId: instanceId,
      domain: 'acme-erp.apps.example',
      daysLeft: 3,
    });
    const [message] = notified(hostname);
    expect(message?.text).toContain('acme-erp.apps.example, the address of instance Acme ERP of Acme Ltd,');
    expect(message).toMatchObject({ target: { type: 'instance', id: instanceId }, path: `/instances/${instanceId}` });
  });

  it('are due 14 and 28 days after a domain was added while unverified, and not once it is verified', () => {
    const unverified = (age: number, dnsVerified = false) =>
      dueOfInstance(instanceDomain({ dnsVerified, certificateExpiresAt: null, createdAt: at(-age) }));
    expect(unverified(13)).toEqual([]);
    expect(unverified(14).map((r) => [r.key, r.event.type])).toEqual([
      ['instance_domain:unverified:00000000-0000-4000-8000-000000000020:14', 'instance_domain.unverified'],
    ]);
    expect(unverified(40).map((r) => r.key.split(':').at(-1))).toEqual(['28']);
    expect(unverified(40, true)).toEqual([]);
  });

  it('become notifications naming the domain, its instance and organization, with a link to its domains', () => {
    const [expiring] = notified(instanceDomain({ certificateExpiresAt: at(3) }));
    expect(expiring).toMatchObject({
      kind: 'certificate.expiring',
      organizationId: '00000000-0000-4000-8000-000000000011',
      title: 'The certificate of erp.acme.example (instance Acme ERP) expires in 3 days',
      target: { type: 'instance_domain', id: '00000000-0000-4000-8000-000000000020', name: 'erp.acme.example' },
      path: `/instances/${instanceId}/domains`,
      coalesceKey: 'certificate.expiring:00000000-0000-4000-8000-000000000020:3',
    });
    expect(expiring?.text).toBe(
      `The certificate of erp.acme.example, a domain of instance Acme ERP of Acme Ltd, expires in 3 days (${at(3)}) and has not been renewed.`,
    );
    const [unverified] = notified(
      instanceDomain({ dnsVerified: false, certificateExpiresAt: null, createdAt: at(-28) }),
    );
    expect(unverified).toMatchObject({
      kind: 'domain.unverified',
      title: 'erp.acme.example (instance Acme ERP) is still not verified',
    });
    expect(unverified?.text).toBe(
      'erp.acme.example, a domain of instance Acme ERP of Acme Ltd, was added 28 days ago and its DNS records are still not in place; it is not served until they are.',
    );
  });
});
