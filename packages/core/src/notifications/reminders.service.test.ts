import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../shared/events.js';
import { candidatesFor } from './notification.messages.js';
import type { DomainForReminder } from './notification.ports.js';
import { remindersDue } from './reminders.service.js';

const now = new Date('2026-12-07T12:00:00.000Z');
const day = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * day).toISOString();

function domain(overrides: Partial<DomainForReminder> = {}): DomainForReminder {
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

const due = (d: DomainForReminder) => remindersDue(d, now);

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
