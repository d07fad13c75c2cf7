import type { PortalDomain, PortalDomainList } from '@ocore/core';

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

function domainOf(payload: Record<string, unknown>): PortalDomain | undefined {
  const domain = payload['domain'];
  return typeof domain === 'object' && domain !== null && typeof (domain as { id?: unknown }).id === 'string'
    ? (domain as PortalDomain)
    : undefined;
}

/**
 * The list after a `portal_domain.*` event. Status events tell each change in the order it
 * happened; the others carry a snapshot that may be older than a status already shown (a
 * verify's is sent after its check, by when the certificate job may have moved on).
 */
export function applyDomainEvent(
  list: DomainList | undefined,
  event: { type: string; payload: Record<string, unknown> },
): DomainList | undefined {
  if (event.type === 'portal_domain.deleted') return removeDomain(list, String(event.payload['targetId']));
  const domain = domainOf(event.payload);
  return domain ? upsertDomain(list, domain, event.type !== 'portal_domain.status') : list;
}
