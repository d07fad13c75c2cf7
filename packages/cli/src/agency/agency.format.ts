import type { AgencyOverview } from '@ocore/core';
import { formatFields } from '../shared/output.js';

/** Whether agency mode is on, and how many clients and portal domains the agency has. */
export function formatOverview(overview: AgencyOverview): string {
  const fields = formatFields([
    ['Agency mode', overview.enabled ? 'on' : 'off'],
    ['Clients', String(overview.clientCount)],
    ['Portal domains', `${overview.portalDomainCount} (${overview.activePortalDomains} active)`],
  ]);
  return overview.enabled ? fields : `${fields}\nTurn it on with: ocore agency enable`;
}
