import type { Branding, BrandingValues, ClientOrg, PortalConfig, UpdatePortalConfigInput } from './agency.schema.js';

/** The branding values to change; those left out stay. */
export type BrandingPatch = Partial<BrandingValues>;

export interface ClientPage {
  items: ClientOrg[];
  total: number;
  nextCursor: string | null;
}

export interface AgencyRepository {
  /** Turns agency mode on and creates default branding and portal configuration. */
  enable(organizationId: string): Promise<void>;
  counts(
    organizationId: string,
  ): Promise<{ clientCount: number; portalDomainCount: number; activePortalDomains: number }>;
  /** Clients newest first; `cursor` is the `nextCursor` of the previous page. */
  listClients(agencyId: string, limit: number, cursor: string | undefined): Promise<ClientPage>;
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
