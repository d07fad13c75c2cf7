import type { ContractContext } from './repository-contract.js';
import { missingId, newOrg, newUser, seedOrganization } from './seeds.js';

/** Roles and memberships of an organization. */
export function describeMemberContract(c: ContractContext): void {
  const { describe, it, expect } = c;

  describe('roles', () => {
    it('lists system roles most powerful first, then custom roles in creation order, with member counts', async () => {
      const org = await c.store().organizations.insert(newOrg());
      const inserted = await c.store().roles.insertMany(org.id, [
        { name: 'Viewer', isSystem: true, permissions: [] },
        { name: 'Auditor', isSystem: false, permissions: ['view:audit'] },
        { name: 'Owner', isSystem: true, permissions: ['manage:members'] },
        { name: 'Billing', isSystem: false, permissions: [] },
      ]);
      expect(inserted.map((r) => [r.name, r.memberCount])).toEqual([
        ['Viewer', 0],
        ['Auditor', 0],
        ['Owner', 0],
        ['Billing', 0],
      ]);
      const user = await c.store().users.insert(newUser());
      await c.store().members.add(org.id, user.id, inserted[1]!.id);
      const roles = await c.store().roles.list(org.id);
      expect(roles.map((r) => [r.name, r.memberCount])).toEqual([
        ['Owner', 0],
        ['Viewer', 0],
        ['Auditor', 1],
        ['Billing', 0],
      ]);
      expect(roles[2]).toEqual({ ...inserted[1], memberCount: 1 });
    });

    it('finds a role by id or by name in any case, only in its organization', async () => {
      const { org, owner } = await seedOrganization(c.store());
      const other = await seedOrganization(c.store());
      expect(await c.store().roles.findByRef(org.id, owner.id)).toMatchObject({ id: owner.id, memberCount: 1 });
      expect(await c.store().roles.findByRef(org.id, 'oWnEr')).toMatchObject({ id: owner.id });
      expect(await c.store().roles.findByRef(org.id, other.owner.id)).toBeUndefined();
      expect(await c.store().roles.findByRef(org.id, missingId())).toBeUndefined();
      expect(await c.store().roles.findByRef(org.id, 'Nobody')).toBeUndefined();
    });
  });

  describe('members', () => {
    it('adds a member once: ALREADY_MEMBER the second time', async () => {
      const { org, user, viewer } = await seedOrganization(c.store());
      await expect(c.store().members.add(org.id, user.id, viewer.id)).rejects.toMatchObject({
        code: 'ALREADY_MEMBER',
      });
    });

    it('finds a membership with its permissions and the organization parent', async () => {
      const agency = await seedOrganization(c.store());
      const client = await c.store().organizations.insert(newOrg(undefined, agency.org.id));
      const [role] = await c
        .store()
        .roles.insertMany(client.id, [{ name: 'Owner', isSystem: true, permissions: ['view:members'] }]);
      await c.store().members.add(client.id, agency.user.id, role!.id);
      expect(await c.store().members.findMembership(client.id, agency.user.id)).toEqual({
        organizationId: client.id,
        userId: agency.user.id,
        roleId: role!.id,
        roleName: 'Owner',
        permissions: ['view:members'],
        parentOrganizationId: agency.org.id,
      });
      expect(await c.store().members.findMembership(agency.org.id, agency.user.id)).toMatchObject({
        parentOrganizationId: null,
      });
      expect(await c.store().members.findMembership(client.id, missingId())).toBeUndefined();
    });

    it('lists, finds, changes the role of, counts and removes members', async () => {
      const { org, user, owner, viewer } = await seedOrganization(c.store());
      const second = await c.store().users.insert(newUser('Bea'));
      await c.store().members.add(org.id, second.id, viewer.id);
      const list = await c.store().members.list(org.id);
      expect(list.map((m) => [m.userId, m.role, m.roleId])).toEqual([
        [user.id, 'Owner', owner.id],
        [second.id, 'Viewer', viewer.id],
      ]);
      expect(list[1]).toMatchObject({ email: second.email, name: 'Bea' });
      expect(await c.store().members.find(org.id, second.id)).toEqual(list[1]);
      expect(await c.store().members.countWithRole(org.id, 'Owner')).toBe(1);
      await c.store().members.setRole(org.id, second.id, owner.id);
      expect(await c.store().members.countWithRole(org.id, 'Owner')).toBe(2);
      expect(await c.store().members.find(org.id, second.id)).toMatchObject({ role: 'Owner', roleId: owner.id });
      await c.store().members.remove(org.id, second.id);
      expect(await c.store().members.find(org.id, second.id)).toBeUndefined();
      expect(await c.store().members.countWithRole(org.id, 'Owner')).toBe(1);
    });

    it('pages members: a role filter, a search in names and emails, a keyset cursor', async () => {
      const { org, viewer } = await seedOrganization(c.store());
      for (const name of ['Carol', 'Dave', 'Erin', 'Frank'])
        await c.store().members.add(org.id, (await c.store().users.insert(newUser(name))).id, viewer.id);
      const query = { sort: 'name' as const, direction: 'asc' as const, limit: 3 };
      const first = await c.store().members.page(org.id, query, { roleId: viewer.id });
      expect(first.items.map((m) => m.name)).toEqual(['Carol', 'Dave', 'Erin']);
      expect(first.total).toBe(4);
      expect(first.nextCursor).not.toBeNull();
      const rest = await c.store().members.page(org.id, { ...query, cursor: first.nextCursor! }, { roleId: viewer.id });
      expect(rest).toMatchObject({ total: 4, nextCursor: null });
      expect(rest.items.map((m) => m.name)).toEqual(['Frank']);
      const searched = await c.store().members.page(org.id, { ...query, search: 'ERI' }, {});
      expect(searched.items.map((m) => m.name)).toEqual(['Erin']);
      const all = await c.store().members.page(org.id, { sort: 'name', direction: 'desc' }, {});
      expect(all.items.map((m) => m.name)).toEqual(['Owner Person', 'Frank', 'Erin', 'Dave', 'Carol']);
      expect(all).toMatchObject({ total: 5, nextCursor: null });
    });
  });
}
