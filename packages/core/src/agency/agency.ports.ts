import type { ListQuery, Page } from '../shared/list-query.js';
import type { ClientSort } from './agency.schema.js';
import type { Branding, BrandingValues, ClientOrg, PortalConfig, UpdatePortalConfigInput } from './agency.schema.js';

/** The branding values to change; those left out stay. */
export type BrandingPatch = Partial<BrandingValues>;

export type ClientPage = Page<ClientOrg>;

export interface AgencyRepository {
  /** Turns agency mode on and creates default branding and portal configuration. */
  enable(organizationId: string): Promise<void>;
  counts(
    organizationId: string,
  ): Promise<{ clientCount: number; portalDomainCount: number; activePortalDomains: number }>;
  /** One page of the agency's clients: search in names and slugs, keyset order. */
  listClients(agencyId: string, query: ListQuery<ClientSort>): Promise<ClientPage>;
  findClient(agencyId: string, clientId: string): Promise<ClientOrg | undefined>;
  findBranding(organizationId: string): Promise<Branding | undefined>;
  updateBranding(organizationId: string, patch: BrandingPatch): Promise<Branding>;
  findPortalConfig(organizationId: string): Promise<PortalConfig | undefined>;
  updatePortalConfig(organizationId: string, patch: UpdatePortalConfigInput): Promise<PortalConfig>;
}

/** Parses custom CSS and keeps only what cannot run script, load from elsewhere or escape. */
export interface CssSanitizer {
  sanitize(css: string): { css: string; removed: string[] };
}
