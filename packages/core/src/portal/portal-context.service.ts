import type { Actor } from '../auth/actor.js';
import { brandingValuesOf, portalConfigValuesOf, type Branding } from '../agency/agency.schema.js';
import type { Organization } from '../organizations/organization.schema.js';
import { parsePortalHost } from '../portal-domains/portal-domain.rules.js';
import type { PortalDomain } from '../portal-domains/portal-domain.schema.js';
import type { CoreDeps } from '../shared/deps.js';
import type { PortalContext, PublicBranding } from './portal.schema.js';

function publicBranding(b: Branding): PublicBranding {
  const { fromEmail: _fromEmail, ...values } = brandingValuesOf(b);
  return values;
}

function domainView(d: PortalDomain | undefined, baseDomain: string | undefined): PortalContext['domain'] {
  if (!d) return null;
  const host = d.customDomain ?? (baseDomain && d.subdomain ? `${d.subdomain}.${baseDomain}` : (d.subdomain ?? ''));
  return {
    id: d.id,
    host,
    subdomain: d.subdomain,
    customDomain: d.customDomain,
    isActive: d.isActive,
    sslStatus: d.sslStatus,
  };
}

function publicDomainView(view: PortalContext['domain']): PortalContext['domain'] {
  if (!view) return null;
  const { id: _id, ...rest } = view;
  return rest;
}

/**
 * The portal as the caller's current organization sees it: a client organization gets its
 * agency's branding and configuration; an agency its own.
 */
export async function getPortalContext(deps: CoreDeps, actor: Actor, baseDomain?: string): Promise<PortalContext> {
  const org = await deps.store.organizations.findById(actor.organizationId);
  const agencyId = org?.parentOrganizationId ?? (org?.agencyEnabled ? org.id : null);
  if (!org || !agencyId)
    return { authenticated: true, branding: null, config: null, domain: null, agency: null, client: null };
  const agency: Organization | undefined =
    agencyId === org.id ? org : await deps.store.organizations.findById(agencyId);
  const client = org.parentOrganizationId ? org : null;
  const [branding, config, domain] = await Promise.all([
    deps.store.agencies.findBranding(agencyId),
    deps.store.agencies.findPortalConfig(agencyId),
    deps.store.portalDomains.findActiveFor(agencyId, client?.id ?? null),
  ]);
  return {
    authenticated: true,
    branding: branding ? { ...publicBranding(branding), fromEmail: branding.fromEmail } : null,
    config: config ? portalConfigValuesOf(config) : null,
    domain: domainView(domain, baseDomain),
    agency: agency ? { id: agency.id, name: agency.name, slug: agency.slug } : null,
    client: client ? { id: client.id, name: client.name, slug: client.slug, logoUrl: client.logoUrl } : null,
  };
}

/** A portal reached by Host, with the organizations whose changes can change it. */
export interface ResolvedPortal {
  context: PortalContext;
  /** The agency and, for a client's domain, the client. */
  organizationIds: string[];
}

/**
 * The portal a visitor reached by Host, with the organizations it depends on (for caches
 * that must drop it when one of them changes). Undefined when the Host is no active portal domain.
 */
export async function resolvePortalForHost(
  deps: Pick<CoreDeps, 'store'>,
  host: string,
  baseDomain: string | undefined,
): Promise<ResolvedPortal | undefined> {
  const target = parsePortalHost(host, baseDomain);
  if (!target) return undefined;
  const domain =
    'subdomain' in target
      ? await deps.store.portalDomains.findBySubdomain(target.subdomain)
      : await deps.store.portalDomains.findByCustomDomain(target.customDomain);
  if (!domain || !domain.isActive || ('customDomain' in target && !domain.dnsVerified)) return undefined;
  const [agency, client, branding] = await Promise.all([
    deps.store.organizations.findById(domain.organizationId),
    domain.clientOrgId ? deps.store.organizations.findById(domain.clientOrgId) : undefined,
    deps.store.agencies.findBranding(domain.organizationId),
  ]);
  if (!agency?.agencyEnabled) return undefined;
  return {
    context: {
      authenticated: false,
      branding: branding ? publicBranding(branding) : null,
      config: null,
      domain: publicDomainView(domainView(domain, baseDomain)),
      agency: { name: agency.name },
      client: client ? { name: client.name, logoUrl: client.logoUrl } : null,
    },
    organizationIds: domain.clientOrgId ? [domain.organizationId, domain.clientOrgId] : [domain.organizationId],
  };
}

/**
 * The portal a visitor reached by Host, before signing in: only public fields, for the
 * branded login page. Undefined when the Host is no active portal domain.
 */
export async function resolvePortalByHost(
  deps: CoreDeps,
  host: string,
  baseDomain: string | undefined,
): Promise<PortalContext | undefined> {
  return (await resolvePortalForHost(deps, host, baseDomain))?.context;
}

/**
 * The organization a portal Host serves: the bound client, else the agency; undefined for a
 * host that is no active portal domain.
 */
export async function portalOrganizationForHost(
  deps: CoreDeps,
  host: string,
  baseDomain: string | undefined,
): Promise<string | undefined> {
  const target = parsePortalHost(host, baseDomain);
  if (!target) return undefined;
  const domain =
    'subdomain' in target
      ? await deps.store.portalDomains.findBySubdomain(target.subdomain)
      : await deps.store.portalDomains.findByCustomDomain(target.customDomain);
  if (!domain?.isActive || ('customDomain' in target && !domain.dnsVerified)) return undefined;
  return domain.clientOrgId ?? domain.organizationId;
}
