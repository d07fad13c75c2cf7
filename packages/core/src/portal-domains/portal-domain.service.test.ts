import { beforeEach, describe, expect, it } from 'vitest';
import { addClient, signUpAgency } from '../testing/agency-fixtures.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { caught, joinAs, type SignedUp } from '../testing/test-fixtures.js';
import { createPortalDomain, deletePortalDomain, listPortalDomains } from './portal-domain.service.js';

let deps: TestDeps;
let agency: SignedUp;

beforeEach(async () => {
  deps = createTestDeps();
  agency = await signUpAgency(deps, 'Olive Owner');
});

describe('createPortalDomain', () => {
  it('makes a subdomain alone active and verified at once, with no DNS record to set', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    expect(domain).toMatchObject({
      organizationId: agency.organization.id,
      clientOrgId: null,
      subdomain: 'acme',
      customDomain: null,
      isActive: true,
      dnsVerified: true,
      dnsVerifiedAt: deps.clock.now().toISOString(),
      verificationRecord: null,
    });
  });

  it('keeps a custom domain inactive until its TXT record proves ownership', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { customDomain: 'erp.acme.com' });
    expect(domain).toMatchObject({
      customDomain: 'erp.acme.com',
      isActive: false,
      dnsVerified: false,
      dnsVerifiedAt: null,
    });
    expect(domain.dnsVerificationToken).toMatch(/^ocore-verify-[0-9a-f]{32}$/);
    expect(domain.verificationRecord).toEqual({
      type: 'TXT',
      name: '_ocore-verification.erp.acme.com',
      value: domain.dnsVerificationToken,
    });
  });

  it('waits for the proof when a custom domain comes with a subdomain', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme', customDomain: 'erp.acme.com' });
    expect(domain).toMatchObject({ subdomain: 'acme', isActive: false, dnsVerified: false });
  });

  it('gives every domain its own token', async () => {
    const a = await createPortalDomain(deps, agency.actor, { customDomain: 'a.acme.com' });
    const b = await createPortalDomain(deps, agency.actor, { customDomain: 'b.acme.com' });
    expect(a.dnsVerificationToken).not.toBe(b.dnsVerificationToken);
  });

  it('serves a client of the agency when clientOrgId names one', async () => {
    const client = await addClient(deps, agency.actor, 'Client Co');
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'client-co', clientOrgId: client.id });
    expect(domain).toMatchObject({ organizationId: agency.organization.id, clientOrgId: client.id });
  });

  it('records the creation in the agency', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    expect(deps.store.state.audit.at(-1)).toMatchObject({
      organizationId: agency.organization.id,
      action: 'portal_domain.created',
      targetId: domain.id,
      diff: { after: { subdomain: 'acme', customDomain: null, clientOrgId: null } },
    });
    expect(deps.events.batches.at(-1)?.map((e) => e.type)).toEqual(['portal_domain.created']);
  });

  it('answers DOMAIN_TAKEN for a subdomain or custom domain another agency already uses', async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    await createPortalDomain(deps, other.actor, { subdomain: 'acme', customDomain: 'erp.acme.com' });
    expect(await caught(() => createPortalDomain(deps, agency.actor, { subdomain: 'acme' }))).toMatchObject({
      code: 'DOMAIN_TAKEN',
      field: 'subdomain',
    });
    expect(await caught(() => createPortalDomain(deps, agency.actor, { customDomain: 'erp.acme.com' }))).toMatchObject({
      code: 'DOMAIN_TAKEN',
      field: 'customDomain',
    });
    expect((await listPortalDomains(deps, agency.actor)).total).toBe(0);
    expect(
      deps.store.state.audit.filter(
        (a) => a.organizationId === agency.organization.id && a.action === 'portal_domain.created',
      ),
    ).toEqual([]);
  });

  it("answers NOT_FOUND on clientOrgId for another agency's client or an unknown id", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    const foreign = await addClient(deps, other.actor, 'Foreign Client');
    for (const clientOrgId of [
      foreign.id,
      other.organization.id,
      agency.organization.id,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const error = await caught(() => createPortalDomain(deps, agency.actor, { subdomain: 'acme', clientOrgId }));
      expect(error, clientOrgId).toMatchObject({ code: 'NOT_FOUND', field: 'clientOrgId' });
    }
    expect(deps.store.state.portalDomains).toEqual([]);
  });

  it('needs manage:agency', async () => {
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    const error = await caught(() => createPortalDomain(deps, viewer.actor, { subdomain: 'acme' }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:agency' });
    expect(deps.store.state.portalDomains).toEqual([]);
  });
});

describe('listPortalDomains', () => {
  it("shows a Viewer the agency's domains and no other agency's", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    await createPortalDomain(deps, other.actor, { subdomain: 'other' });
    const mine = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    expect(await listPortalDomains(deps, viewer.actor)).toEqual({
      items: [mine],
      total: 1,
      platform: { baseDomain: null, pointing: [] },
    });
  });

  it('says where the platform serves portals, so the records can be shown before the first check', async () => {
    const platform = { baseDomain: 'Portal.Example.com', publicIps: ['127.0.0.1', '::1'] };
    expect((await listPortalDomains({ ...deps, platform }, agency.actor)).platform).toEqual({
      baseDomain: 'portal.example.com',
      pointing: [
        { type: 'CNAME', value: 'portal.example.com' },
        { type: 'A', value: '127.0.0.1' },
        { type: 'AAAA', value: '::1' },
      ],
    });
  });
});

describe('deletePortalDomain', () => {
  it('removes the domain, frees its name and records it', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    await deletePortalDomain(deps, agency.actor, domain.id);
    expect((await listPortalDomains(deps, agency.actor)).items).toEqual([]);
    expect(await deps.store.portalDomains.findBySubdomain('acme')).toBeUndefined();
    expect(deps.store.state.audit.at(-1)).toMatchObject({
      organizationId: agency.organization.id,
      action: 'portal_domain.deleted',
      targetId: domain.id,
      diff: { before: { subdomain: 'acme', customDomain: null } },
    });
    await expect(createPortalDomain(deps, agency.actor, { subdomain: 'acme' })).resolves.toMatchObject({
      subdomain: 'acme',
    });
  });

  it("answers NOT_FOUND for another agency's domain and leaves it alone", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    const foreign = await createPortalDomain(deps, other.actor, { subdomain: 'other' });
    expect(await caught(() => deletePortalDomain(deps, agency.actor, foreign.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await caught(() => deletePortalDomain(deps, agency.actor, '00000000-0000-4000-8000-000000000000')),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect((await listPortalDomains(deps, other.actor)).items).toEqual([foreign]);
  });

  it('needs manage:agency', async () => {
    const domain = await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    expect(await caught(() => deletePortalDomain(deps, viewer.actor, domain.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:agency',
    });
    expect((await listPortalDomains(deps, agency.actor)).total).toBe(1);
  });
});
