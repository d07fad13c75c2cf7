import type { DomainEvent } from '../shared/domain-event-kinds.js';
import type { DomainEventType } from '../shared/domain-events.js';

/**
 * The agency's events that its clients' subscribers hear too: they change what the client
 * portal shows (its brand, the sections switched on), and their payload names the fields
 * that changed, never their values nor anything of the agency's other clients.
 */
export const agencyEventsForClients: readonly DomainEventType[] = [
  'agency.branding_updated',
  'agency.portal_config_updated',
];

/** True when an event of a client's agency is one the client's subscribers hear (an open portal follows it). */
export function isAgencyEventForClients(event: Pick<DomainEvent, 'type'>): boolean {
  return agencyEventsForClients.includes(event.type);
}
