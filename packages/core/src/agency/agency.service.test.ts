import { beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from '../auth/auth.service.js';
import { defaultRolePermissions } from '../members/permissions.js';
import { createPortalDomain, deletePortalDomain, listPortalDomains } from '../portal-domains/portal-domain.service.js';
import type { CoreDeps } from '../shared/deps.js';
import {
  addClient,
  createRecordingCssSanitizer,
  joinClientAs,
  signUpAgency,
  switchInto,
} from '../testing/agency-fixtures.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createClientInput } from './agency.schema.js';
import { createClient, deleteClient, enableAgency, getAgencyOverview, listClients } from './agency.service.js';
import { getBranding, updateBranding } from './branding.service.js';
import { getPortalConfig, updatePortalConfig } from './portal-config.service.js';

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps();
});

const auditOf = (organizationId: string, action: string) =>
  deps.store.state.audit.filter((a) => a.organizationId === organizationId && a.action === action);

describe('enableAgency', () => {
  let owner: SignedUp;

  beforeEach(async () => {
    owner = await signUpUser(deps, 'Olive Owner');
  });

  it('turns agency mode on with default branding and portal configuration, recording it once', async () => {
    expect(await enableAgency(deps, owner.actor)).toEqual({ status: 'enabled' });
    expect((await deps.store.organizations.findById(owner.organization.id))?.agencyEnabled).toBe(true);
    expect(await getBranding(deps, owner.actor)).toMatchObject({
      organizationId: owner.organization.id,
      primaryColor: null,
      customCss: null,
    });
    expect(await getPortalConfig(deps, owner.actor)).toMatchObject({
      organizationId: owner.organization.id,
      featureTerminal: true,
    });
    expect(auditOf(owner.organization.id, 'agency.enabled')).toEqual([
      expect.objectContaining({
        actorUserId: owner.user.id,
        targetType: 'organization',
        targetId: owner.organization.id,
      }),
    ]);
    expect(deps.events.published().at(-1)).toMatchObject({
      type: 'agency.enabled',
      organizationId: owner.organization.id,
    });
  });

  it('is idempotent: a second call changes nothing and records nothing', async () => {
    await enableAgency(deps, owner.actor);
    await updateBranding({ ...deps, css: createRecordingCssSanitizer() }, owner.actor, { primaryColor: '#123456' });
    const published = deps.events.published().length;
    expect(await enableAgency(deps, owner.actor)).toEqual({ status: 'enabled' });
    expect(auditOf(owner.organization.id, 'agency.enabled')).toHaveLength(1);
    expect(deps.events.published()).toHaveLength(published);
    // The branding made the first time is kept, not reset to defaults.
    expect((await getBranding(deps, owner.actor)).primaryColor).toBe('#123456');
  });

  it('needs manage:agency', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const error = await caught(() => enableAgency(deps, dev.actor));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:agency' });
    expect((await deps.store.organizations.findById(owner.organization.id))?.agencyEnabled).toBe(false);
  });

  it('refuses a client organization with AGENCY_NOT_ALLOWED', async () => {
    await enableAgency(deps, owner.actor);
    const client = await addClient(deps, owner.actor, 'Client Co');
    const operator = await switchInto(deps, owner.actor, client.id);
    expect(operator.actor.permissions).toContain('manage:agency');
    const error = await caught(() => enableAgency(deps, operator.actor));
    expect(error).toMatchObject({ code: 'AGENCY_NOT_ALLOWED' });
    expect((await deps.store.organizations.findById(client.id))?.agencyEnabled).toBe(false);
    expect(deps.store.state.branding.has(client.id)).toBe(false);
  });
});

describe('before agency mode is on', () => {
  let owner: SignedUp;

  beforeEach(async () => {
    owner = await signUpUser(deps, 'Olive Owner');
  });

  it('every agency use case but the overview answers AGENCY_NOT_ENABLED', async () => {
    const someId = '00000000-0000-4000-8000-000000000000';
    const brandingDeps = { ...deps, css: createRecordingCssSanitizer() };
    const calls: Record<string, () => Promise<unknown>> = {
      listClients: () => listClients(deps, owner.actor),
      createClient: () => createClient(deps, owner.actor, { name: 'Client Co' }),
      deleteClient: () => deleteClient(deps, owner.actor, someId),
      getBranding: () => getBranding(deps, owner.actor),
      updateBranding: () => updateBranding(brandingDeps, owner.actor, { primaryColor: '#000000' }),
      getPortalConfig: () => getPortalConfig(deps, owner.actor),
      updatePortalConfig: () => updatePortalConfig(deps, owner.actor, { featureTerminal: false }),
      listPortalDomains: () => listPortalDomains(deps, owner.actor),
      createPortalDomain: () => createPortalDomain(deps, owner.actor, { subdomain: 'acme' }),
      deletePortalDomain: () => deletePortalDomain(deps, owner.actor, someId),
    };
    for (const [name, call] of Object.entries(calls)) {
      expect(await caught(call), name).toMatchObject({ code: 'AGENCY_NOT_ENABLED' });
    }
    expect(deps.store.state.organizations.size).toBe(1);
    expect(deps.store.state.portalDomains).toEqual([]);
  });

  it('the overview answers zeros and enabled false', async () => {
    expect(await getAgencyOverview(deps, owner.actor)).toEqual({
      enabled: false,
      clientCount: 0,
      portalDomainCount: 0,
      activePortalDomains: 0,
    });
  });
});

describe('getAgencyOverview', () => {
  it('counts clients, portal domains and active portal domains of this agency only, for a Viewer too', async () => {
    const agency = await signUpAgency(deps, 'Olive Owner');
    const other = await signUpAgency(deps, 'Otto Other');
    const client = await addClient(deps, agency.actor, 'Client One');
    await addClient(deps, agency.actor, 'Client Two');
    await addClient(deps, other.actor, 'Other Client');
    await createPortalDomain(deps, agency.actor, { subdomain: 'acme' });
    await createPortalDomain(deps, agency.actor, { subdomain: 'client-one', clientOrgId: client.id });
    await createPortalDomain(deps, agency.actor, { customDomain: 'erp.acme.com' });
    await createPortalDomain(deps, other.actor, { subdomain: 'other' });
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    expect(await getAgencyOverview(deps, viewer.actor)).toEqual({
      enabled: true,
      clientCount: 2,
      portalDomainCount: 3,
      activePortalDomains: 2,
    });
  });
});

describe('createClient', () => {
  let agency: SignedUp;

  beforeEach(async () => {
    agency = await signUpAgency(deps, 'Olive Owner');
  });

  it('creates an organization under the agency with the system roles and no members', async () => {
    const client = await createClient(deps, agency.actor, { name: 'Client Co', slug: 'client-co' });
    expect(client).toMatchObject({
      name: 'Client Co',
      slug: 'client-co',
      logoUrl: null,
      memberCount: 0,
      instanceCount: 0,
    });
    const stored = await deps.store.organizations.findById(client.id);
    expect(stored).toMatchObject({ parentOrganizationId: agency.organization.id, agencyEnabled: false });
    const roles = await deps.store.roles.list(client.id);
    expect(Object.fromEntries(roles.map((r) => [r.name, r.permissions]))).toEqual(defaultRolePermissions);
    expect(roles.every((r) => r.isSystem)).toBe(true);
    expect(await deps.store.members.list(client.id)).toEqual([]);
    // The creator reaches it as an operator, not as a member.
    expect((await deps.store.organizations.listForUser(agency.user.id)).map((o) => o.id)).toEqual([
      agency.organization.id,
    ]);
  });

  it('records the creation in the agency and publishes it there', async () => {
    const client = await createClient(deps, agency.actor, { name: 'Client Co' });
    expect(auditOf(agency.organization.id, 'agency.client_created')).toEqual([
      expect.objectContaining({
        actorUserId: agency.user.id,
        targetType: 'organization',
        targetId: client.id,
        diff: { after: { name: 'Client Co', slug: client.slug } },
        viaOrganizationId: null,
      }),
    ]);
    expect(deps.events.batches.at(-1)).toEqual([
      expect.objectContaining({ type: 'agency.client_created', organizationId: agency.organization.id }),
    ]);
    expect(deps.store.state.audit.some((a) => a.organizationId === client.id)).toBe(false);
  });

  it('makes a slug from the name, suffixed when taken, and refuses a taken explicit slug', async () => {
    const first = await createClient(deps, agency.actor, { name: 'Client Co' });
    const second = await createClient(deps, agency.actor, { name: 'Client Co' });
    expect([first.slug, second.slug]).toEqual(['client-co', 'client-co-2']);
    const before = deps.store.state.organizations.size;
    const error = await caught(() => createClient(deps, agency.actor, { name: 'Another', slug: 'client-co' }));
    expect(error).toMatchObject({ code: 'SLUG_TAKEN', field: 'slug' });
    expect(deps.store.state.organizations.size).toBe(before);
  });

  it('takes its input through the organization rules', () => {
    expect(createClientInput.safeParse({ name: 'Client Co', slug: 'client-co' }).success).toBe(true);
    for (const slug of ['Client-Co', 'cc', '-client', 'client_co', 'a'.repeat(51)]) {
      expect(createClientInput.safeParse({ name: 'Client Co', slug }).success, slug).toBe(false);
    }
    expect(createClientInput.safeParse({ name: 'C' }).success).toBe(false);
  });

  it('needs manage:agency', async () => {
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    const error = await caught(() => createClient(deps, viewer.actor, { name: 'Client Co' }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:agency' });
    expect(await deps.store.agencies.counts(agency.organization.id)).toMatchObject({ clientCount: 0 });
  });
});

describe('listClients', () => {
  let agency: SignedUp;
  let createdIds: string[];

  beforeEach(async () => {
    agency = await signUpAgency(deps, 'Olive Owner');
    createdIds = [];
    for (let n = 1; n <= 5; n++) {
      deps.clock.advance(1000);
      createdIds.push((await addClient(deps, agency.actor, `Client ${n}`)).id);
    }
  });

  it('lists all clients newest first, with member counts', async () => {
    const op = await switchInto(deps, agency.actor, createdIds[0]!);
    await joinAs(deps, op.actor, 'Carl', 'Viewer');
    const page = await listClients(deps, agency.actor);
    expect(page.items.map((c) => c.id)).toEqual([...createdIds].reverse());
    expect(page.items.at(-1)).toMatchObject({ name: 'Client 1', memberCount: 1 });
    expect(page).toMatchObject({ total: 5, nextCursor: null });
  });

  it('pages with limit and cursor, covering every client exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listClients(deps, agency.actor, { limit: 2, cursor });
      expect(page.total).toBe(5);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...createdIds].reverse());
  });

  it('pages clients created at the same instant without repeats or gaps', async () => {
    for (let n = 6; n <= 8; n++) createdIds.push((await addClient(deps, agency.actor, `Client ${n}`)).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listClients(deps, agency.actor, { limit: 1, cursor });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen)).toEqual(new Set(createdIds));
    // Clients 5 to 8 share an instant and come first, in any order; then the older ones.
    expect(new Set(seen.slice(0, 4))).toEqual(new Set(createdIds.slice(4)));
    expect(seen.slice(4)).toEqual(createdIds.slice(0, 4).reverse());
  });

  it("shows a Viewer the agency's clients and no other agency's", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    await addClient(deps, other.actor, 'Foreign Client');
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    const page = await listClients(deps, viewer.actor, { limit: 50 });
    expect(page.total).toBe(5);
    expect(page.items.map((c) => c.id).sort()).toEqual([...createdIds].sort());
  });
});

describe('deleteClient', () => {
  let agency: SignedUp;

  beforeEach(async () => {
    agency = await signUpAgency(deps, 'Olive Owner');
  });

  it('deletes the client with its roles and members, and records it in the agency', async () => {
    const client = await addClient(deps, agency.actor, 'Client Co');
    const carl = await joinClientAs(deps, agency.actor, client.id, 'Carl', 'Admin');
    await deleteClient(deps, agency.actor, client.id);
    expect(await deps.store.organizations.findById(client.id)).toBeUndefined();
    expect(deps.store.state.members.some((m) => m.organizationId === client.id)).toBe(false);
    expect([...deps.store.state.roles.values()].some((r) => r.organizationId === client.id)).toBe(false);
    expect((await listClients(deps, agency.actor)).total).toBe(0);
    expect(auditOf(agency.organization.id, 'agency.client_deleted')).toEqual([
      expect.objectContaining({
        targetId: client.id,
        diff: { before: { name: 'Client Co', slug: client.slug, memberCount: 1 } },
      }),
    ]);
    // The member's token no longer works there.
    expect(await authenticate(deps, carl.token, null)).toMatchObject({ actor: null, revokedOrganizationId: client.id });
  });

  it("answers NOT_FOUND for another agency's client and leaves it alone", async () => {
    const other = await signUpAgency(deps, 'Otto Other');
    const foreign = await addClient(deps, other.actor, 'Foreign Client');
    const audit = deps.store.state.audit.length;
    expect(await caught(() => deleteClient(deps, agency.actor, foreign.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await caught(() => deleteClient(deps, agency.actor, other.organization.id))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await caught(() => deleteClient(deps, agency.actor, agency.organization.id))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await deps.store.organizations.findById(foreign.id)).toBeDefined();
    expect(await deps.store.organizations.findById(other.organization.id)).toBeDefined();
    expect(deps.store.state.audit).toHaveLength(audit);
  });

  it('needs manage:agency', async () => {
    const client = await addClient(deps, agency.actor, 'Client Co');
    const viewer = await joinAs(deps, agency.actor, 'Vera', 'Viewer');
    expect(await caught(() => deleteClient(deps, viewer.actor, client.id))).toMatchObject({
      code: 'PERMISSION_DENIED',
      permission: 'manage:agency',
    });
    expect(await deps.store.organizations.findById(client.id)).toBeDefined();
  });

  it('publishes its event only after the transaction has finished', async () => {
    const client = await addClient(deps, agency.actor, 'Client Co');
    let open = false;
    const seen: { type: string; open: boolean }[] = [];
    const tracked: CoreDeps = {
      clock: deps.clock,
      store: {
        ...deps.store,
        transaction: async (work) => {
          open = true;
          try {
            return await deps.store.transaction(work);
          } finally {
            open = false;
          }
        },
      },
      events: { publish: (events) => seen.push(...events.map((e) => ({ type: e.type, open }))) },
    };
    await deleteClient(tracked, agency.actor, client.id);
    expect(seen).toEqual([{ type: 'agency.client_deleted', open: false }]);
  });

  it('publishes nothing when it fails', async () => {
    const published = deps.events.published().length;
    await caught(() => deleteClient(deps, agency.actor, '00000000-0000-4000-8000-000000000000'));
    expect(deps.events.published()).toHaveLength(published);
  });
});
