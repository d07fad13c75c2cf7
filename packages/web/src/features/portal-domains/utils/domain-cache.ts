import type { DomainEvent, DomainEventTypeOf, PortalDomain, PortalDomainList } from '@ocore/core';

export type DomainList = PortalDomainList;

function isNewer(domain: PortalDomain, than: PortalDomain): boolean {
  return Date.parse(domain.updatedAt) > Date.parse(than.updatedAt);
}

/**
 * The list with `domain` in it: added at the end (the server lists oldest first) or replacing
 * the stored one. Live events come in the order they happened and always win; a mutation's
 * answer (`onlyIfNewer`) may arrive after an event that already told something newer.
 */
export function upsertDomain(
  list: DomainList | undefined,
  domain: PortalDomain,
  onlyIfNewer = false,
): DomainList | undefined {
  if (!list) return list;
  const stored = list.items.find((d) => d.id === domain.id);
  if (!stored) return { ...list, items: [...list.items, domain], total: list.total + 1 };
  if (onlyIfNewer && !isNewer(domain, stored)) return list;
  return { ...list, items: list.items.map((d) => (d === stored ? domain : d)) };
}

/** The list without the domain `domainId`. */
export function removeDomain(list: DomainList | undefined, domainId: string): DomainList | undefined {
  if (!list?.items.some((d) => d.id === domainId)) return list;
  return { ...list, items: list.items.filter((d) => d.id !== domainId), total: list.total - 1 };
}

/** An event of `portalDomains.onStatus`. */
export type PortalDomainEvent = DomainEvent<DomainEventTypeOf<'portal_domain'>>;

/**
 * The list after a `portal_domain.*` event. Status events tell each change in the order it
 * happened; a creation's snapshot may be older than a status already shown (the certificate
 * job may have moved on before it arrives). The other events carry no domain.
 */
export function applyDomainEvent(list: DomainList | undefined, event: PortalDomainEvent): DomainList | undefined {
  switch (event.type) {
    case 'portal_domain.deleted':
      return event.payload.targetId === null ? list : removeDomain(list, event.payload.targetId);
    case 'portal_domain.status':
      return upsertDomain(list, event.payload.domain);
    case 'portal_domain.created':
      return upsertDomain(list, event.payload.domain, true);
    default:
      return list;
  }
}
