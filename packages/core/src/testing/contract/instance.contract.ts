import type { ContractContext } from './repository-contract.js';
import { describeOperationContract } from './operation.contract.js';
import { missingId, newInstance, newOrg, newServer, unique } from './seeds.js';

/** Instances: stored with their server's name, paged, counted per server, with sealed secrets. */
export function describeInstanceContract(c: ContractContext): void {
  const { describe, it, expect } = c;
  const hosting = async () => {
    const org = await c.store().organizations.insert(newOrg());
    const server = await c.store().servers.insert(newServer(org.id));
    return { org, server };
  };

  describe('instances', () => {
    it('inserts one pending, with its server name and no certificate, found only in its organization', async () => {
      const { org, server } = await hosting();
      const input = newInstance(org.id, server.id);
      const instance = await c.store().instances.insert({ ...input, cpuLimit: 1.5, memoryLimitMb: 512 });
      expect(instance).toEqual({
        ...input,
        cpuLimit: 1.5,
        memoryLimitMb: 512,
        id: instance.id,
        serverName: server.name,
        status: 'pending',
        failedStep: null,
        failureReason: null,
        hostnameCertificate: null,
        createdAt: instance.createdAt,
        updatedAt: instance.updatedAt,
      });
      expect(await c.store().instances.find(org.id, instance.id)).toEqual(instance);
      expect(await c.store().instances.findById(instance.id)).toEqual(instance);
      expect(await c.store().instances.find((await hosting()).org.id, instance.id)).toBeUndefined();
      expect(await c.store().instances.findById(missingId())).toBeUndefined();
      expect(await c.store().instances.slugTaken(input.slug)).toBe(true);
      expect(await c.store().instances.slugTaken(unique('free-'))).toBe(false);
    });

    it('updates the fields given', async () => {
      const { org, server } = await hosting();
      const instance = await c.store().instances.insert(newInstance(org.id, server.id));
      const updated = await c.store().instances.update(instance.id, {
        status: 'failed',
        failedStep: 'pull image odoo:18.0',
        failureReason: 'no such image',
        envVars: { A: '1' },
        moduleList: [],
        stage: 'staging',
      });
      expect(updated).toEqual({
        ...instance,
        status: 'failed',
        failedStep: 'pull image odoo:18.0',
        failureReason: 'no such image',
        envVars: { A: '1' },
        moduleList: [],
        stage: 'staging',
        updatedAt: updated.updatedAt,
      });
      expect(await c.store().instances.find(org.id, instance.id)).toEqual(updated);
    });

    it('lists oldest first, per organization, per server and per status; deletes one', async () => {
      const { org, server } = await hosting();
      const other = await hosting();
      const a = await c.store().instances.insert(newInstance(org.id, server.id));
      const b = await c.store().instances.insert(newInstance(org.id, server.id));
      const foreign = await c.store().instances.insert(newInstance(other.org.id, server.id));
      expect((await c.store().instances.list(org.id)).map((i) => i.id)).toEqual([a.id, b.id]);
      expect((await c.store().instances.listOnServer(server.id)).map((i) => i.id)).toEqual([a.id, b.id, foreign.id]);
      await c.store().instances.update(b.id, { status: 'deleting' });
      const deleting = await c.store().instances.listByStatus(['deleting']);
      expect(deleting.filter((i) => [a.id, b.id, foreign.id].includes(i.id)).map((i) => i.id)).toEqual([b.id]);
      expect(await c.store().instances.listByStatus([])).toEqual([]);
      await c.store().instances.delete(a.id);
      expect((await c.store().instances.list(org.id)).map((i) => i.id)).toEqual([b.id]);
    });

    it('pages instances: search in instance and server names, status and server filters, a cursor', async () => {
      const { org, server } = await hosting();
      const second = await c.store().servers.insert(newServer(org.id, unique('zeta-')));
      for (const [name, on] of [
        ['alpha', server.id],
        ['beta', second.id],
        ['gamma', server.id],
      ] as const)
        await c.store().instances.insert(newInstance(org.id, on, name));
      const all = await c.store().instances.page(org.id, { sort: 'name', direction: 'asc', limit: 2 }, {});
      expect(all.items.map((i) => i.name)).toEqual(['alpha', 'beta']);
      expect(all.total).toBe(3);
      const rest = await c
        .store()
        .instances.page(org.id, { sort: 'name', direction: 'asc', limit: 2, cursor: all.nextCursor! }, {});
      expect(rest).toMatchObject({ total: 3, nextCursor: null });
      expect(rest.items.map((i) => i.name)).toEqual(['gamma']);
      const byServerName = await c
        .store()
        .instances.page(org.id, { sort: 'name', direction: 'asc', search: 'ZETA' }, {});
      expect(byServerName.items.map((i) => i.name)).toEqual(['beta']);
      const onServer = await c
        .store()
        .instances.page(org.id, { sort: 'createdAt', direction: 'desc' }, { serverId: server.id });
      expect(onServer.items.map((i) => i.name)).toEqual(['gamma', 'alpha']);
      const gamma = onServer.items[0]!;
      await c.store().instances.update(gamma.id, { status: 'running' });
      const running = await c.store().instances.page(org.id, { sort: 'name', direction: 'asc' }, { status: 'running' });
      expect(running.items.map((i) => i.id)).toEqual([gamma.id]);
    });

    it('counts a server instances and their reserved memory, of every organization', async () => {
      const { org, server } = await hosting();
      const other = await hosting();
      expect(await c.store().instances.countOnServerForUpdate(server.id)).toBe(0);
      expect(await c.store().instances.reservedMemoryOnServer(server.id)).toBe(0);
      await c.store().instances.insert({ ...newInstance(org.id, server.id), memoryLimitMb: 512 });
      await c.store().instances.insert(newInstance(org.id, server.id));
      await c.store().instances.insert({ ...newInstance(other.org.id, server.id), memoryLimitMb: 256 });
      expect(await c.store().instances.countOnServerForUpdate(server.id)).toBe(3);
      expect(await c.store().instances.reservedMemoryOnServer(server.id)).toBe(768);
    });

    it('keeps the sealed secrets of an instance and of a server shared database', async () => {
      const { org, server } = await hosting();
      const instance = await c.store().instances.insert(newInstance(org.id, server.id));
      expect(await c.store().instances.findSealedSecrets(instance.id)).toBeUndefined();
      await c.store().instances.saveSealedSecrets(instance.id, 'sealed-1');
      expect(await c.store().instances.findSealedSecrets(instance.id)).toBe('sealed-1');
      expect(await c.store().instances.find(org.id, instance.id)).not.toHaveProperty('sealedSecrets');
      expect(await c.store().instances.findSharedDbSecret(server.id)).toBeUndefined();
      await c.store().instances.saveSharedDbSecret(server.id, 'db-1');
      await c.store().instances.saveSharedDbSecret(server.id, 'db-2');
      expect(await c.store().instances.findSharedDbSecret(server.id)).toBe('db-2');
    });

    it('goes with its server', async () => {
      const { org, server } = await hosting();
      const instance = await c.store().instances.insert(newInstance(org.id, server.id));
      await c.store().servers.delete(server.id);
      expect(await c.store().instances.findById(instance.id)).toBeUndefined();
      expect(await c.store().instances.list(org.id)).toEqual([]);
    });
  });

  describeOperationContract(c);
}
