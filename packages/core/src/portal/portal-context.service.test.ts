import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientOrg } from '../agency/agency.schema.js';
import { updateBranding } from '../agency/branding.service.js';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import { createPortalDomain, deletePortalDomain } from '../portal-domains/portal-domain.service.js';
import {
  addClient,
  createBrandingTestDeps,
  insertPortalDomain,
  joinClientAs,
  signUpAgency,
  switchInto,
  type BrandingTestDeps,
} from '../testing/agency-fixtures.js';
import { signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { portalContextSchema } from './portal.schema.js';
import { getPortalContext, resolvePortalByHost } from './portal-context.service.js';

const base = 'portal.example.com';
const css = 'body { color: navy; }';

let deps: BrandingTestDeps;
let agency: SignedUp;
let client: ClientOrg;

beforeEach(async () => {
  deps = createBrandingTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
  client = await addClient(deps, agency.actor, 'Client Co', 'client-co');
  await updateBranding(deps, agency.actor, {
    primaryColor: '#1e3a8a',
    logoUrl: 'https://cdn.example.com/logo.png',
    fromEmail: 'brand@example.com',
    footerText: 'Acme Ltd',
    customCss: css,
  });
  await updatePortalConfig(deps, agency.actor, { featureTerminal: false, infrastructureVisibility: 'limited' });
});

describe('getPortalContext', () => {
  it("gives a client member the agency's branding and configuration and the client's own domain", async () => {
    await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    const domain = await createPortalDomain(deps, agency.actor, {
      subdomain: 'client-co-portal',
      clientOrgId: client.id,
    });
    const carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Viewer');
    const context = await getPortalContext(deps, carl.actor, base);
    expect(portalContextSchema.parse(context)).toEqual(context);
    expect(context).toMatchObject({
      authenticated: true,
      branding: {
        primaryColor: '#1e3a8a',
        logoUrl: 'https://cdn.example.com/logo.png',
        fromEmail: 'brand@example.com',
        footerText: 'Acme Ltd',
        customCss: css,
      },
      config: { featureTerminal: false, featureLogs: true, infrastructureVisibility: 'limited' },
      domain: {
        id: domain.id,
        host: `client-co-portal.${base}`,
        subdomain: 'client-co-portal',
        customDomain: null,
        isActive: true,
      },
      agency: { id: agency.organization.id, name: agency.organization.name, slug: agency.organization.slug },
      client: { id: client.id, name: 'Client Co', slug: 'client-co', logoUrl: null },
    });
    // Configuration without the row's bookkeeping.
    expect(context.config).not.toHaveProperty('organizationId');
  });

  it('gives an operator in the client the same portal, and no domain when the client has none of its own', async () => {
    await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    const { actor } = await switchInto(deps, agency.actor, client.id);
    const context = await getPortalContext(deps, actor, base);
    expect(context).toMatchObject({ branding: { primaryColor: '#1e3a8a' }, client: { id: client.id }, domain: null });
  });

  it('gives the agency its own branding, configuration and domain', async () => {
    await createPortalDomain(deps, agency.actor, { subdomain: 'client-co-portal', clientOrgId: client.id });
    const own = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    const context = await getPortalContext(deps, agency.actor, base);
    expect(context).toMatchObject({
      authenticated: true,
      branding: { primaryColor: '#1e3a8a', fromEmail: 'brand@example.com' },
      config: { featureTerminal: false },
      domain: { id: own.id, host: `acme.${base}` },
      agency: { id: agency.organization.id },
      client: null,
    });
  });

  it('names a verified custom domain as the host, and the bare subdomain without a base domain', async () => {
    await insertPortalDomain(deps, {
      organizationId: agency.organization.id,
      subdomain: 'acme',
      customDomain: 'erp.acme.com',
    });
    expect((await getPortalContext(deps, agency.actor, base)).domain?.host).toBe('erp.acme.com');
    const second = await signUpAgency(deps, 'Otto Other');
    await createPortalDomain(deps, second.actor, { subdomain: 'other' });
    expect((await getPortalContext(deps, second.actor)).domain?.host).toBe('other');
  });

  it("gives an organization that is nobody's client, outside agency mode, no portal", async () => {
    const plain = await signUpUser(deps, 'Paul Plain');
    expect(await getPortalContext(deps, plain.actor, base)).toEqual({
      authenticated: true,
      branding: null,
      config: null,
      domain: null,
      agency: null,
      client: null,
    });
  });
});

describe('resolvePortalByHost', () => {
  it("shows a visitor of the agency's subdomain only the public fields", async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    const context = await resolvePortalByHost(deps, `ACME.${base}:443`, base);
    expect(context && portalContextSchema.parse(context)).toEqual(context);
    expect(context).toEqual({
      authenticated: false,
      branding: {
        logoUrl: 'https://cdn.example.com/logo.png',
        primaryColor: '#1e3a8a',
        accentColor: null,
        fontFamily: null,
        customCss: css,
        faviconUrl: null,
        loginBgUrl: null,
        footerText: 'Acme Ltd',
      },
      config: null,
      domain: { host: `acme.${base}`, subdomain: 'acme', customDomain: null, isActive: true, sslStatus: 'none' },
      agency: { name: agency.organization.name },
      client: null,
    });
    const text = JSON.stringify(context);
    for (const hidden of [
      'brand@example.com',
      agency.organization.id,
      agency.organization.slug,
      domain.dnsVerificationToken,
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it("shows a client's name and logo, but not its id or slug, on the client's domain", async () => {
    await createPortalDomain(deps, agency.actor, { subdomain: 'client-co-portal', clientOrgId: client.id });
    const context = await resolvePortalByHost(deps, `client-co-portal.${base}`, base);
    expect(context?.client).toEqual({ name: 'Client Co', logoUrl: null });
    expect(JSON.stringify(context)).not.toContain(client.id);
  });

  it('resolves a custom domain only once it is verified', async () => {
    await insertPortalDomain(deps, {
      organizationId: agency.organization.id,
      subdomain: 'acme',
      customDomain: 'erp.acme.com',
      dnsVerified: false,
    });
    expect(await resolvePortalByHost(deps, 'erp.acme.com', base)).toBeUndefined();
    // The subdomain of the same domain needs no proof.
    expect(await resolvePortalByHost(deps, `acme.${base}`, base)).toMatchObject({
      agency: { name: agency.organization.name },
    });
    await insertPortalDomain(deps, { organizationId: agency.organization.id, customDomain: 'crm.acme.com' });
    expect(await resolvePortalByHost(deps, 'CRM.acme.com.', base)).toMatchObject({ domain: { host: 'crm.acme.com' } });
  });

  it('does not resolve an inactive domain', async () => {
    await createPortalDomain(deps, agency.actor, { subdomain: 'acme', customDomain: 'erp.acme.com' });
    expect(await resolvePortalByHost(deps, `acme.${base}`, base)).toBeUndefined();
    expect(await resolvePortalByHost(deps, 'erp.acme.com', base)).toBeUndefined();
  });

  it('does not resolve a domain of an organization outside agency mode', async () => {
    const plain = await signUpUser(deps, 'Paul Plain');
    await insertPortalDomain(deps, { organizationId: plain.organization.id, subdomain: 'plain' });
    expect(await resolvePortalByHost(deps, `plain.${base}`, base)).toBeUndefined();
  });

  it('does not resolve an unknown, deleted or malformed host', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    expect(await resolvePortalByHost(deps, `nobody.${base}`, base)).toBeUndefined();
    expect(await resolvePortalByHost(deps, 'unknown.example.org', base)).toBeUndefined();
    expect(await resolvePortalByHost(deps, `x.acme.${base}`, base)).toBeUndefined();
    expect(await resolvePortalByHost(deps, '127.0.0.1:3000', base)).toBeUndefined();
    expect(await resolvePortalByHost(deps, '', base)).toBeUndefined();
    await deletePortalDomain(deps, agency.actor, domain.id);
    expect(await resolvePortalByHost(deps, `acme.${base}`, base)).toBeUndefined();
  });
});
