import { beforeEach, describe, expect, it } from 'vitest';
import { defaultRolePermissions, systemRoleNames } from '../members/permissions.js';
import { createTestDeps, type TestDeps } from '../testing/in-memory-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import {
  createOrganization,
  deleteOrganization,
  listUserOrganizations,
  updateOrganization,
} from './organization.service.js';

let deps: TestDeps;
let owner: SignedUp;

beforeEach(async () => {
  deps = createTestDeps();
  owner = await signUpUser(deps, 'Olive');
});

describe('createOrganization', () => {
  it('makes the creator its Owner', async () => {
    const org = await createOrganization(deps, owner.actor, { name: 'Acme Corp' });
    const membership = await deps.store.members.findMembership(org.id, owner.user.id);
    expect(membership?.roleName).toBe('Owner');
    expect(membership?.permissions).toEqual([...defaultRolePermissions.Owner]);
    const { items } = await listUserOrganizations(deps, owner.actor);
    expect(items.map((o) => [o.name, o.role])).toEqual([
      ["Olive's Organization", 'Owner'],
      ['Acme Corp', 'Owner'],
    ]);
  });

  it('clones the four system roles with their default permissions', async () => {
    const org = await createOrganization(deps, owner.actor, { name: 'Acme Corp' });
    const roles = await deps.store.roles.list(org.id);
    expect(roles.map((r) => r.name).sort()).toEqual([...systemRoleNames].sort());
    for (const role of roles) {
      expect(role.isSystem).toBe(true);
      expect(role.permissions).toEqual([...defaultRolePermissions[role.name as keyof typeof defaultRolePermissions]]);
      expect(role.memberCount).toBe(role.name === 'Owner' ? 1 : 0);
    }
    const otherOrgRoles = await deps.store.roles.list(owner.organization.id);
    expect(otherOrgRoles.map((r) => r.id)).not.toContain(roles[0]?.id);
  });

  it('makes the slug from the name and adds a suffix when it is taken', async () => {
    const first = await createOrganization(deps, owner.actor, { name: 'Café Acme' });
    const second = await createOrganization(deps, owner.actor, { name: 'Cafe Acme!' });
    const third = await createOrganization(deps, owner.actor, { name: 'café acme' });
    expect([first.slug, second.slug, third.slug]).toEqual(['cafe-acme', 'cafe-acme-2', 'cafe-acme-3']);
  });

  it('uses an explicit slug as given', async () => {
    const org = await createOrganization(deps, owner.actor, { name: 'Acme Corp', slug: 'acme' });
    expect(org.slug).toBe('acme');
  });

  it('answers SLUG_TAKEN for an explicit slug in use, and writes nothing', async () => {
    await createOrganization(deps, owner.actor, { name: 'Acme Corp', slug: 'acme' });
    const orgCount = deps.store.state.organizations.size;
    const published = deps.events.published().length;
    const error = await caught(() => createOrganization(deps, owner.actor, { name: 'Other', slug: 'acme' }));
    expect(error).toMatchObject({ code: 'SLUG_TAKEN', field: 'slug' });
    expect(deps.store.state.organizations.size).toBe(orgCount);
    expect(deps.events.published()).toHaveLength(published);
  });

  it('records and publishes organization.created', async () => {
    const org = await createOrganization(deps, owner.actor, { name: 'Acme Corp' });
    expect(deps.events.published().at(-1)).toMatchObject({ type: 'organization.created', organizationId: org.id });
    expect(deps.store.state.audit.at(-1)).toMatchObject({
      action: 'organization.created',
      actorUserId: owner.user.id,
      diff: { after: { name: 'Acme Corp', slug: 'acme-corp' } },
    });
  });

  // Known bug (see report): slugsLike(base) cannot see candidates whose stem was cut to fit
  // the suffix, so the third organization with the same long name gets SLUG_TAKEN.
  it('finds a free slug for a third organization with the same long name', async () => {
    const name = 'A'.repeat(60);
    await createOrganization(deps, owner.actor, { name });
    await createOrganization(deps, owner.actor, { name });
    const third = await createOrganization(deps, owner.actor, { name });
    expect(third.slug).toBe(`${'a'.repeat(48)}-3`);
  });
});

describe('updateOrganization', () => {
  it('requires manage:org_settings', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const error = await caught(() => updateOrganization(deps, dev.actor, { name: 'Hacked' }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:org_settings' });
    expect((await deps.store.organizations.findById(owner.organization.id))?.name).toBe(owner.organization.name);
  });

  it('lets an Admin change the name and records only what changed', async () => {
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    const updated = await updateOrganization(deps, admin.actor, { name: 'Renamed', slug: owner.organization.slug });
    expect(updated.name).toBe('Renamed');
    expect(updated.slug).toBe(owner.organization.slug);
    expect(deps.store.state.audit.at(-1)).toMatchObject({
      action: 'organization.updated',
      diff: { name: { from: owner.organization.name, to: 'Renamed' } },
    });
    expect(Object.keys(deps.store.state.audit.at(-1)?.diff ?? {})).toEqual(['name']);
  });

  it('answers SLUG_TAKEN for a slug of another organization', async () => {
    await createOrganization(deps, owner.actor, { name: 'Acme', slug: 'acme' });
    const error = await caught(() => updateOrganization(deps, owner.actor, { slug: 'acme' }));
    expect(error).toMatchObject({ code: 'SLUG_TAKEN', field: 'slug' });
  });
});

describe('deleteOrganization', () => {
  it('is for Owners only', async () => {
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    const error = await caught(() => deleteOrganization(deps, admin.actor));
    expect(error).toMatchObject({ code: 'OWNER_ONLY' });
    expect(await deps.store.organizations.findById(owner.organization.id)).toBeDefined();
  });

  it('removes the organization with its roles and members, and publishes the deletion', async () => {
    const admin = await joinAs(deps, owner.actor, 'Ada', 'Admin');
    const orgId = owner.organization.id;
    await deleteOrganization(deps, owner.actor);
    expect(await deps.store.organizations.findById(orgId)).toBeUndefined();
    expect(await deps.store.roles.list(orgId)).toEqual([]);
    expect(await deps.store.members.list(orgId)).toEqual([]);
    expect(await deps.store.members.findMembership(orgId, admin.user.id)).toBeUndefined();
    const adminOrgs = await listUserOrganizations(deps, admin.actor);
    expect(adminOrgs.items.map((o) => o.id)).not.toContain(orgId);
    expect(deps.events.published().at(-1)).toMatchObject({ type: 'organization.deleted', organizationId: orgId });
  });
});
