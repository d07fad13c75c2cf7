import type { DnsResolver, SecretBox, StoredDnsProvider } from '@ocore/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { createOrgSettingsRepository } from '../org-settings/kysely-org-settings.repository.js';
import { createCloudflareDns01Publisher } from './cloudflare-dns01.publisher.js';
import {
  createHttpreqDns01Publisher,
  httpreqAuthorization,
  waitingForPropagation,
  type Dns01Publisher,
  type FetchLike,
  type PropagationOptions,
} from './dns01.publishers.js';

export interface Dns01ResolverOptions {
  db: Kysely<Database>;
  secrets: SecretBox;
  /** The platform's hook (OCORE_ACME_DNS01_HTTPREQ_URL), for organizations without a provider. */
  platform: Dns01Publisher | undefined;
  cloudflareApiUrl: string;
  /** Where propagation is checked (OCORE_DNS_SERVERS). */
  dns: DnsResolver;
  /** For an organization's hook URL: the SSRF-guarded fetch. */
  hookFetch: FetchLike;
  propagation?: PropagationOptions;
}

/**
 * The DNS-01 publisher of an organization's certificate orders: its own `dnsProvider`, else
 * (for a client) its agency's, else the platform's hook; undefined when none (HTTP-01).
 */
export function createDns01Resolver(
  options: Dns01ResolverOptions,
): (organizationId: string | undefined) => Promise<Dns01Publisher | undefined> {
  const settings = createOrgSettingsRepository(options.db);
  const propagation = options.propagation ?? { timeoutMs: 120_000, intervalMs: 1000 };

  async function providerOf(organizationId: string): Promise<StoredDnsProvider | null> {
    const own = (await settings.find(organizationId))?.dnsProvider;
    if (own) return own;
    const org = await options.db
      .selectFrom('organizations')
      .select('parentOrganizationId')
      .where('id', '=', organizationId)
      .executeTakeFirst();
    return org?.parentOrganizationId ? ((await settings.find(org.parentOrganizationId))?.dnsProvider ?? null) : null;
  }

  function publisherFor(provider: StoredDnsProvider): Dns01Publisher {
    const secret = provider.sealedCredentials ? options.secrets.open(provider.sealedCredentials) : undefined;
    if (provider.kind === 'cloudflare') {
      if (!secret) throw new Error('The Cloudflare DNS provider has no API token');
      return createCloudflareDns01Publisher({
        apiUrl: options.cloudflareApiUrl,
        apiToken: secret,
        zoneId: provider.zoneId,
      });
    }
    const authorization = httpreqAuthorization(provider.username, secret);
    return createHttpreqDns01Publisher(provider.url ?? '', authorization, options.hookFetch);
  }

  return async (organizationId) => {
    const provider = organizationId ? await providerOf(organizationId) : null;
    if (!provider) return options.platform;
    return waitingForPropagation(publisherFor(provider), options.dns, propagation);
  };
}
