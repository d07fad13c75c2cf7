import type { ContractContext } from './repository-contract.js';
import { newOrg, newUser } from './seeds.js';

/** Store.transaction: all of the work is stored, or none of it. */
export function describeTransactionContract(c: ContractContext): void {
  const { describe, it, expect } = c;

  describe('transactions', () => {
    it('commits the work and answers its result; the work reads its own writes', async () => {
      const slug = newOrg().slug;
      const result = await c.store().transaction(async (tx) => {
        const org = await tx.organizations.insert(newOrg(slug));
        expect(await tx.organizations.findById(org.id)).toEqual(org);
        return org;
      });
      expect(await c.store().organizations.findById(result.id)).toEqual(result);
    });

    it('rolls everything back when the work throws', async () => {
      const user = newUser();
      let orgId = '';
      const failed = c.store().transaction(async (tx) => {
        orgId = (await tx.organizations.insert(newOrg())).id;
        await tx.users.insert(user);
        throw new Error('boom');
      });
      await expect(failed).rejects.toThrow('boom');
      expect(await c.store().organizations.findById(orgId)).toBeUndefined();
      expect(await c.store().users.findByEmail(user.email)).toBeUndefined();
    });

    it('rolls back the earlier writes when a conflict fails the work, and raises the conflict', async () => {
      const taken = await c.store().organizations.insert(newOrg());
      const kept = await c.store().organizations.insert(newOrg());
      let orgId = '';
      const failed = c.store().transaction(async (tx) => {
        orgId = (await tx.organizations.insert(newOrg())).id;
        await tx.organizations.update(kept.id, { name: 'Renamed' });
        await tx.organizations.insert(newOrg(taken.slug));
      });
      await expect(failed).rejects.toMatchObject({ code: 'SLUG_TAKEN' });
      expect(await c.store().organizations.findById(orgId)).toBeUndefined();
      expect(await c.store().organizations.findById(kept.id)).toEqual(kept);
    });
  });
}
