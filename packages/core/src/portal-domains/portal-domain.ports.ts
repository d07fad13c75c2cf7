import type { PortalDomain } from './portal-domain.schema.js';

export interface NewPortalDomain {
  organizationId: string;
  clientOrgId: string | null;
  subdomain: string | null;
  customDomain: string | null;
  dnsVerificationToken: string;
  dnsVerified: boolean;
  isActive: boolean;
}

export interface PortalDomainRepository {
  /** Raises DOMAIN_TAKEN naming the field when the subdomain or custom domain is in use. */
  insert(domain: NewPortalDomain): Promise<PortalDomain>;
  list(agencyId: string): Promise<PortalDomain[]>;
  find(agencyId: string, domainId: string): Promise<PortalDomain | undefined>;
  delete(domainId: string): Promise<void>;
  findBySubdomain(subdomain: string): Promise<PortalDomain | undefined>;
  findByCustomDomain(customDomain: string): Promise<PortalDomain | undefined>;
  /** The active domain serving this client (or the agency itself when null), oldest first. */
  findActiveFor(agencyId: string, clientOrgId: string | null): Promise<PortalDomain | undefined>;
}
