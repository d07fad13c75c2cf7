import type { DomainEventPayloads, PortalDomain } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { applyDomainEvent, removeDomain, upsertDomain, type DomainList, type PortalDomainEvent } from './domain-cache';

function domain(id: string, updatedAt: string, sslStatus = 'none'): PortalDomain {
  return { id, updatedAt, sslStatus } as PortalDomain;
}

const list = (...items: PortalDomain[]): DomainList => ({
  items,
  total: items.length,
  platform: { baseDomain: null, pointing: [] },
});

describe('upsertDomain', () => {
  it('adds a domain it does not hold at the end, and counts it', () => {
    const next = upsertDomain(list(domain('a', '2030-01-01T00:00:00.000Z')), domain('b', '2030-01-01T00:00:01.000Z'));
    expect(next?.items.map((d) => d.id)).toEqual(['a', 'b']);
    expect(next?.total).toBe(2);
  });

  it('lets a live event replace the stored domain, whatever its time', () => {
    const stored = list(domain('a', '2030-01-01T00:00:05.000Z', 'failed'));
    expect(
      upsertDomain(stored, domain('a', '2030-01-01T00:00:05.000Z', 'pending_validation'))?.items[0]?.sslStatus,
    ).toBe('pending_validation');
  });

  it("keeps what a live event told when a mutation's older answer arrives after it", () => {
    const stored = list(domain('a', '2030-01-01T00:00:05.000Z', 'failed'));
    expect(upsertDomain(stored, domain('a', '2030-01-01T00:00:04.000Z', 'none'), true)).toBe(stored);
    expect(upsertDomain(stored, domain('a', '2030-01-01T00:00:05.000Z', 'none'), true)).toBe(stored);
    expect(upsertDomain(stored, domain('a', '2030-01-01T00:00:06.000Z', 'active'), true)?.items[0]?.sslStatus).toBe(
      'active',
    );
  });

  it('leaves a list that was never fetched alone', () => {
    expect(upsertDomain(undefined, domain('a', '2030-01-01T00:00:00.000Z'))).toBeUndefined();
  });
});

describe('removeDomain', () => {
  it('drops the domain and counts one fewer; an unknown id changes nothing', () => {
    const stored = list(domain('a', '2030-01-01T00:00:00.000Z'), domain('b', '2030-01-01T00:00:00.000Z'));
    expect(removeDomain(stored, 'a')).toEqual(list(domain('b', '2030-01-01T00:00:00.000Z')));
    expect(removeDomain(stored, 'zzz')).toBe(stored);
  });
});

/** An event as `portalDomains.onStatus` delivers it. */
function event<T extends PortalDomainEvent['type']>(type: T, payload: DomainEventPayloads[T]): PortalDomainEvent {
  return {
    id: '1',
    organizationId: 'agency',
    type,
    payload,
    createdAt: '2030-01-01T00:00:00.000Z',
  } as PortalDomainEvent;
}

describe('applyDomainEvent', () => {
  const failed = domain('a', '2030-01-01T00:00:05.000Z', 'failed');
  const checked = domain('a', '2030-01-01T00:00:04.000Z', 'none');
  const about = (targetId: string) => ({ targetType: 'portal_domain', targetId, clientOrgId: null });

  it('applies status events as they come, and adds domains created elsewhere', () => {
    const stored = list(checked);
    expect(applyDomainEvent(stored, event('portal_domain.status', { ...about('a'), domain: failed }))?.items).toEqual([
      failed,
    ]);
    const created = domain('b', '2030-01-01T00:00:06.000Z');
    expect(applyDomainEvent(stored, event('portal_domain.created', { ...about('b'), domain: created }))?.total).toBe(2);
  });

  it("keeps a newer status when a creation's older snapshot arrives after it", () => {
    const stored = list(failed);
    expect(applyDomainEvent(stored, event('portal_domain.created', { ...about('a'), domain: checked }))).toBe(stored);
  });

  it('removes deleted domains, and ignores events without a domain', () => {
    expect(applyDomainEvent(list(failed), event('portal_domain.deleted', about('a')))?.total).toBe(0);
    const stored = list(failed);
    expect(applyDomainEvent(stored, event('portal_domain.verify', about('a')))).toBe(stored);
  });
});
