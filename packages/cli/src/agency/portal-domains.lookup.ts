import type { PortalDomain } from '@ocore/core';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';

/** The domain among `domains` whose id, subdomain or custom domain is `ref`. */
export function matchPortalDomain(domains: readonly PortalDomain[], ref: string): PortalDomain {
  const name = ref.trim().toLowerCase().replace(/\.$/, '');
  const found = domains.find((d) => d.id === ref || d.subdomain === name || d.customDomain === name);
  if (!found) throw new CliError(`this agency has no portal domain "${ref}"; see \`ocore agency portal-domain list\``);
  return found;
}

/** The agency's portal domain whose id, subdomain or custom domain is `ref`. */
export async function findPortalDomain(api: ApiClient, ref: string): Promise<PortalDomain> {
  const { items } = await api.portalDomains.list.query();
  return matchPortalDomain(items, ref);
}
