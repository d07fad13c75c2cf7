import type { CoreDeps } from '../shared/deps.js';
import type { MailBrand } from './mail.render.js';

/** The platform's own brand, for mail that concerns no agency. */
export const platformMailBrand: MailBrand = {
  name: 'oCore Agency',
  fromEmail: null,
  logoUrl: null,
  primaryColor: null,
  footerText: null,
};

/**
 * The brand of mail about an organization: a client's mail carries its agency's name,
 * sender, logo, colors and footer (never the platform's name); an agency's own mail its
 * own branding; any other organization the platform's.
 */
export async function mailBrandFor(deps: Pick<CoreDeps, 'store'>, organizationId: string | null): Promise<MailBrand> {
  const organization = organizationId ? await deps.store.organizations.findById(organizationId) : undefined;
  if (!organization) return platformMailBrand;
  const agencyId = organization.parentOrganizationId ?? (organization.agencyEnabled ? organization.id : null);
  const agency =
    agencyId === organization.id
      ? organization
      : agencyId
        ? await deps.store.organizations.findById(agencyId)
        : undefined;
  if (!agency) return platformMailBrand;
  const branding = await deps.store.agencies.findBranding(agency.id);
  return {
    name: agency.name,
    fromEmail: branding?.fromEmail ?? null,
    logoUrl: branding?.logoUrl ?? agency.logoUrl,
    primaryColor: branding?.primaryColor ?? null,
    footerText: branding?.footerText ?? null,
  };
}
