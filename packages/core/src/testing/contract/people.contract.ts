import type { ContractContext } from './repository-contract.js';
import { describeMemberContract } from './member.contract.js';
import { missingId, newInstance, newOrg, newServer, newUser, seedOrganization, unique } from './seeds.js';

/** Organizations and users: stored, found, updated, unique where the ports promise it. */
export function describePeopleContract(c: ContractContext): void {
  const { describe, it, expect } = c;

  describe('organizations', () => {
    it('inserts and finds one, not an agency and without a parent', async () => {
      const org = await c.store().organizations.insert(newOrg());
      expect(org).toMatchObject({ agencyEnabled: false, parentOrganizationId: null, logoUrl: null });
      expect(await c.store().organizations.findById(org.id)).toEqual(org);
      expect(await c.store().organizations.findById(missingId())).toBeUndefined();
    });

    it('raises SLUG_TAKEN for a slug in use, on insert and on update', async () => {
      const a = await c.store().organizations.insert(newOrg());
      const b = await c.store().organizations.insert(newOrg());
      await expect(c.store().organizations.insert(newOrg(a.slug))).rejects.toMatchObject({ code: 'SLUG_TAKEN' });
      await expect(c.store().organizations.update(b.id, { slug: a.slug })).rejects.toMatchObject({
        code: 'SLUG_TAKEN',
      });
      expect((await c.store().organizations.update(a.id, { slug: a.slug })).slug).toBe(a.slug);
    });

    it('answers NOT_FOUND when updating an organization that does not exist', async () => {
      await expect(c.store().organizations.update(missingId(), { name: 'Nobody' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('updates only the fields given', async () => {
      const org = await c.store().organizations.insert({ ...newOrg(), logoUrl: 'https://example.com/a.png' });
      const renamed = await c.store().organizations.update(org.id, { name: 'Renamed' });
      expect(renamed).toMatchObject({ name: 'Renamed', slug: org.slug, logoUrl: 'https://example.com/a.png' });
      const cleared = await c.store().organizations.update(org.id, { logoUrl: null });
      expect(cleared).toMatchObject({ name: 'Renamed', logoUrl: null });
      expect(await c.store().organizations.findById(org.id)).toEqual(cleared);
    });

    it('lists slugs equal to the base or starting with base-, wildcards taken literally', async () => {
      const base = unique('b_');
      for (const slug of [base, `${base}-2`, `${base}-a-b`, `${base}x`, `${base.replace('_', 'z')}-1`])
        await c.store().organizations.insert(newOrg(slug));
      expect((await c.store().organizations.slugsLike(base)).sort()).toEqual([base, `${base}-2`, `${base}-a-b`]);
    });

    it('lists a user organizations in join order, with the role', async () => {
      const first = await seedOrganization(c.store());
      const second = await seedOrganization(c.store());
      await c.store().members.add(second.org.id, first.user.id, second.viewer.id);
      const orgs = await c.store().organizations.listForUser(first.user.id);
      expect(orgs.map((o) => [o.id, o.role])).toEqual([
        [first.org.id, 'Owner'],
        [second.org.id, 'Viewer'],
      ]);
      expect(orgs[0]).toMatchObject({ slug: first.org.slug, name: first.org.name });
    });

    it('deletes one with its clients, roles, members, servers and instances', async () => {
      const { org, user } = await seedOrganization(c.store());
      const client = await c.store().organizations.insert(newOrg(unique('client-'), org.id));
      const server = await c.store().servers.insert(newServer(org.id));
      const instance = await c.store().instances.insert(newInstance(org.id, server.id));
      await c.store().organizations.delete(org.id);
      expect(await c.store().organizations.findById(org.id)).toBeUndefined();
      expect(await c.store().organizations.findById(client.id)).toBeUndefined();
      expect(await c.store().roles.list(org.id)).toEqual([]);
      expect(await c.store().members.list(org.id)).toEqual([]);
      expect(await c.store().organizations.listForUser(user.id)).toEqual([]);
      expect(await c.store().servers.find(org.id, server.id)).toBeUndefined();
      expect(await c.store().instances.findById(instance.id)).toBeUndefined();
      expect(await c.store().users.findById(user.id)).toMatchObject({ id: user.id });
    });
  });

  describe('users', () => {
    it('inserts one, found by id without its password hash and by email with it', async () => {
      const input = newUser();
      const user = await c.store().users.insert(input);
      expect(user).toMatchObject({ email: input.email, name: input.name, emailVerified: false });
      expect(user).not.toHaveProperty('passwordHash');
      expect(await c.store().users.findById(user.id)).toEqual(user);
      expect(await c.store().users.findByEmail(input.email)).toEqual({ ...user, passwordHash: 'hash' });
      expect(await c.store().users.findById(missingId())).toBeUndefined();
      expect(await c.store().users.findByEmail(`${unique('nobody')}@example.com`)).toBeUndefined();
    });

    it('raises EMAIL_TAKEN for an email in use, whatever its case', async () => {
      const input = newUser();
      await c.store().users.insert(input);
      await expect(c.store().users.insert({ ...input, name: 'Other' })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
      await expect(c.store().users.insert({ ...input, email: input.email.toUpperCase() })).rejects.toMatchObject({
        code: 'EMAIL_TAKEN',
      });
      expect(await c.store().users.findByEmail(input.email.toUpperCase())).toMatchObject({ email: input.email });
    });

    it('sets the password and marks the email verified', async () => {
      const user = await c.store().users.insert(newUser());
      await c.store().users.setPassword(user.id, 'new-hash');
      await c.store().users.markEmailVerified(user.id, new Date());
      expect(await c.store().users.findByEmail(user.email)).toMatchObject({
        passwordHash: 'new-hash',
        emailVerified: true,
      });
    });
  });

  describeMemberContract(c);
}
