import type { ContractContext } from './repository-contract.js';
import { describeInstanceContract } from './instance.contract.js';
import { missingId, newOrg, newServer, unique } from './seeds.js';

/** Servers: stored with their sealed credentials, paged, probed; and the instances on them. */
export function describeHostingContract(c: ContractContext): void {
  const { describe, it, expect } = c;
  const org = () => c.store().organizations.insert(newOrg());

  describe('servers', () => {
    it('inserts one pending and unprobed, found only in its organization', async () => {
      const { id: orgId } = await org();
      const server = await c.store().servers.insert(newServer(orgId));
      expect(server).toMatchObject({
        organizationId: orgId,
        status: 'pending',
        hasSshKey: true,
        hasSshPassword: false,
        sealedKey: 'sealed-key',
        sealedPassword: null,
        sshHostKey: null,
        lastProbeAt: null,
        lastCheckedAt: null,
        lastProbeError: null,
        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 10 },
      });
      expect(await c.store().servers.find(orgId, server.id)).toEqual(server);
      expect(await c.store().servers.findForUpdate(orgId, server.id)).toEqual(server);
      expect(await c.store().servers.find((await org()).id, server.id)).toBeUndefined();
      expect(await c.store().servers.find(orgId, missingId())).toBeUndefined();
    });

    it('updates the fields given, credentials and capacity included', async () => {
      const { id: orgId } = await org();
      const server = await c.store().servers.insert(newServer(orgId));
      const updated = await c.store().servers.update(server.id, {
        sealedKey: null,
        sealedPassword: 'sealed-password',
        capacity: { cpuCores: 8, memoryMb: 16384, maxInstances: 40 },
        status: 'maintenance',
        sshHostKey: 'ssh-ed25519 AAAA',
      });
      expect(updated).toMatchObject({
        name: server.name,
        host: server.host,
        hasSshKey: false,
        hasSshPassword: true,
        capacity: { cpuCores: 8, memoryMb: 16384, maxInstances: 40 },
        status: 'maintenance',
        sshHostKey: 'ssh-ed25519 AAAA',
      });
      expect(await c.store().servers.find(orgId, server.id)).toEqual(updated);
    });

    it('lists an organization servers oldest first, and deletes one', async () => {
      const { id: orgId } = await org();
      const a = await c.store().servers.insert(newServer(orgId));
      const b = await c.store().servers.insert(newServer(orgId));
      expect((await c.store().servers.list(orgId)).map((s) => s.id)).toEqual([a.id, b.id]);
      await c.store().servers.delete(a.id);
      expect((await c.store().servers.list(orgId)).map((s) => s.id)).toEqual([b.id]);
    });

    it('pages the servers of several organizations: a status filter, a name search, a cursor', async () => {
      const [one, two] = [await org(), await org()];
      const prefix = unique('page-');
      for (const [orgId, name] of [
        [one.id, `${prefix}-a`],
        [two.id, `${prefix}-b`],
        [one.id, `${prefix}-c`],
        [two.id, 'other'],
      ] as const)
        await c.store().servers.insert(newServer(orgId, name));
      const query = { sort: 'name' as const, direction: 'asc' as const, limit: 2, search: prefix.toUpperCase() };
      const first = await c.store().servers.page([one.id, two.id], query, {});
      expect(first.items.map((s) => s.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
      expect(first.total).toBe(3);
      const rest = await c.store().servers.page([one.id, two.id], { ...query, cursor: first.nextCursor! }, {});
      expect(rest.items.map((s) => s.name)).toEqual([`${prefix}-c`]);
      expect(rest.nextCursor).toBeNull();
      const onlyOne = await c.store().servers.page([one.id], { sort: 'createdAt', direction: 'desc' }, {});
      expect(onlyOne.items.map((s) => s.name)).toEqual([`${prefix}-c`, `${prefix}-a`]);
      const b = (await c.store().servers.list(two.id))[0]!;
      await c.store().servers.update(b.id, { status: 'maintenance' });
      const inMaintenance = await c
        .store()
        .servers.page([one.id, two.id], { sort: 'name', direction: 'asc' }, { status: 'maintenance' });
      expect(inMaintenance.items.map((s) => s.id)).toEqual([b.id]);
    });

    it('answers the servers due for a probe, never probed first, then the oldest probe', async () => {
      const { id: orgId } = await org();
      const [early, late, never, resting] = [
        await c.store().servers.insert(newServer(orgId)),
        await c.store().servers.insert(newServer(orgId)),
        await c.store().servers.insert(newServer(orgId)),
        await c.store().servers.insert(newServer(orgId)),
      ];
      await c.store().servers.saveProbe(late.id, 'active', null, new Date('2020-01-02T00:00:00Z'));
      await c.store().servers.saveProbe(early.id, 'unreachable', 'refused', new Date('2020-01-01T00:00:00Z'));
      await c.store().servers.update(resting.id, { status: 'maintenance' });
      const ours = new Set([early.id, late.id, never.id, resting.id]);
      const due = (await c.store().servers.dueForProbe(new Date('2020-01-03T00:00:00Z'), 100_000)).filter((s) =>
        ours.has(s.id),
      );
      expect(due.map((s) => s.id)).toEqual([never.id, early.id, late.id]);
      const notYet = await c.store().servers.dueForProbe(new Date('2020-01-01T12:00:00Z'), 100_000);
      expect(notYet.filter((s) => ours.has(s.id)).map((s) => s.id)).toEqual([never.id, early.id]);
    });

    it('saves a probe, leaving a server in maintenance in maintenance', async () => {
      const { id: orgId } = await org();
      const server = await c.store().servers.insert(newServer(orgId));
      const at = new Date('2024-05-06T07:08:09.000Z');
      expect(await c.store().servers.saveProbe(server.id, 'unreachable', 'timed out', at)).toMatchObject({
        status: 'unreachable',
        lastProbeError: 'timed out',
        lastProbeAt: at.toISOString(),
        lastCheckedAt: at.toISOString(),
      });
      await c.store().servers.update(server.id, { status: 'maintenance' });
      expect(await c.store().servers.saveProbe(server.id, 'active', null, at)).toMatchObject({
        status: 'maintenance',
        lastProbeError: null,
      });
    });
  });

  describeInstanceContract(c);
}
