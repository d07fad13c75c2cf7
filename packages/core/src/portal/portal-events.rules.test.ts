import { describe, expect, it } from 'vitest';
import { domainEventTypes } from '../shared/domain-event-kinds.js';
import { isAgencyEventForClients } from './portal-events.rules.js';

describe("the agency's events its clients hear", () => {
  it('are the changes of their portal only: its brand and its switches', () => {
    expect(domainEventTypes.filter((type) => isAgencyEventForClients({ type }))).toEqual([
      'agency.branding_updated',
      'agency.portal_config_updated',
    ]);
  });
});
