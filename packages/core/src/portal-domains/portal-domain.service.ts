import { lookAlikeWarnings } from './look-alike.rules.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { requireAgency } from '../agency/agency.service.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import { newVerificationToken } from './portal-domain.rules.js';
import type { PlatformTarget } from './dns.ports.js';
import type {
  CreatePortalDomainInput,
  PortalDomain,
  PortalDomainList,
  PortalPlatform,
} from './portal-domain.schema.js';

/** Where portals are served: the base domain and the records that point a custom domain here. */
export function portalPlatformOf(target: PlatformTarget | undefined): PortalPlatform {
  const baseDomain = target?.baseDomain?.toLowerCase() ?? null;
  const addresses = target?.publicIps ?? [];
  return {
    baseDomain,
    pointing: [
      ...(baseDomain ? [{ type: 'CNAME' as const, value: baseDomain }] : []),
      ...addresses.map((ip) => ({ type: ip.includes(':') ? ('AAAA' as const) : ('A' as const), value: ip })),
    ],
  };
}

/** The agency's portal domains (view:agency), and where the platform serves them. */
export async function listPortalDomains(
  deps: CoreDeps & { platform?: PlatformTarget },
  actor: Actor,
): Promise<PortalDomainList> {
  requirePermission(actor, 'view:agency');
  const agency = await requireAgency(deps, actor);
  const items = await deps.store.portalDomains.list(agency.id);
  return { items, total: items.length, platform: portalPlatformOf(deps.platform) };
}

/**
 * Adds a portal domain (manage:agency). A subdomain alone lives under the platform's base
 * domain and is active at once; a custom domain waits for its DNS ownership proof.
 */
export async function createPortalDomain(
  deps: CoreDeps & { platform?: PlatformTarget },
  actor: Actor,
  input: CreatePortalDomainInput,
): Promise<PortalDomain> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  const base = deps.platform?.baseDomain;
  if (base && input.customDomain && (input.customDomain === base || input.customDomain.endsWith(`.${base}`))) {
    throw new DomainError(
      'INVALID_INPUT',
      `customDomain: names under ${base} are portal subdomains; give the label as subdomain instead`,
      { field: 'customDomain' },
    );
  }
  if (input.clientOrgId && !(await deps.store.agencies.findClient(agency.id, input.clientOrgId))) {
    throw new DomainError('NOT_FOUND', 'clientOrgId: no client of this agency has this id', { field: 'clientOrgId' });
  }
  const subdomainOnly = input.customDomain === undefined;
  return commitAndPublish(deps, async (tx, record) => {
    const domain = await tx.portalDomains.insert({
      organizationId: agency.id,
      clientOrgId: input.clientOrgId ?? null,
      subdomain: input.subdomain ?? null,
      customDomain: input.customDomain ?? null,
      dnsVerificationToken: newVerificationToken(),
      dnsVerified: subdomainOnly,
      isActive: subdomainOnly,
    });
    await record(actor, {
      organizationId: agency.id,
      action: 'portal_domain.created',
      targetType: 'portal_domain',
      targetId: domain.id,
      diff: {
        after: { subdomain: domain.subdomain, customDomain: domain.customDomain, clientOrgId: domain.clientOrgId },
      },
      payload: { domain },
    });
    const warnings = domain.customDomain ? lookAlikeWarnings(domain.customDomain) : [];
    return warnings.length ? { ...domain, warnings } : domain;
  });
}

/** Removes a portal domain of the agency (manage:agency). */
export async function deletePortalDomain(deps: CoreDeps, actor: Actor, domainId: string): Promise<void> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  await commitAndPublish(deps, async (tx, record) => {
    const domain = await tx.portalDomains.find(agency.id, domainId);
    if (!domain) throw notFound('Portal domain');
    await tx.portalDomains.delete(domain.id);
    await record(actor, {
      organizationId: agency.id,
      action: 'portal_domain.deleted',
      targetType: 'portal_domain',
      targetId: domain.id,
      diff: { before: { subdomain: domain.subdomain, customDomain: domain.customDomain } },
      payload: { clientOrgId: domain.clientOrgId },
    });
  });
}
