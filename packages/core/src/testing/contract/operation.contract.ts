import type { ContractContext } from './repository-contract.js';
import { newInstance, newOrg, newServer } from './seeds.js';

/** Operations on instances: one active at a time, their logs, their heartbeats. */
export function describeOperationContract(c: ContractContext): void {
  const { describe, it, expect } = c;
  const instance = async () => {
    const org = await c.store().organizations.insert(newOrg());
    const server = await c.store().servers.insert(newServer(org.id));
    return c.store().instances.insert(newInstance(org.id, server.id));
  };
  const operation = (i: { id: string; organizationId: string }, kind: 'provision' | 'stop' = 'provision') => ({
    organizationId: i.organizationId,
    instanceId: i.id,
    kind,
    keepData: false,
  });

  describe('operations', () => {
    it('queues one at a time per instance: DEPLOYMENT_RUNNING while one is queued or running', async () => {
      const i = await instance();
      const queued = await c.store().operations.insert(operation(i));
      expect(queued).toMatchObject({ status: 'queued', step: null, error: null, startedAt: null, finishedAt: null });
      expect(await c.store().operations.findById(queued.id)).toEqual(queued);
      await expect(c.store().operations.insert(operation(i, 'stop'))).rejects.toMatchObject({
        code: 'DEPLOYMENT_RUNNING',
      });
      const startedAt = new Date('2024-01-01T00:00:00.000Z');
      const running = await c.store().operations.update(queued.id, { status: 'running', step: 'pull', startedAt });
      expect(running).toMatchObject({ status: 'running', step: 'pull', startedAt: startedAt.toISOString() });
      await expect(c.store().operations.insert(operation(i, 'stop'))).rejects.toMatchObject({
        code: 'DEPLOYMENT_RUNNING',
      });
      await c.store().operations.update(queued.id, { status: 'succeeded', finishedAt: new Date() });
      expect(await c.store().operations.insert(operation(i, 'stop'))).toMatchObject({ kind: 'stop' });
    });

    it('lists an instance operations newest first, each with its log lines in order', async () => {
      const i = await instance();
      const first = await c.store().operations.insert(operation(i));
      await c
        .store()
        .operations.appendLog(first.id, { at: '2024-01-01T00:00:00.000Z', level: 'info', step: 'a', text: '1' });
      await c
        .store()
        .operations.appendLog(first.id, { at: '2024-01-01T00:00:01.000Z', level: 'warn', step: 'b', text: '2' });
      await c.store().operations.update(first.id, { status: 'failed', error: 'boom', finishedAt: new Date() });
      const second = await c.store().operations.insert(operation(i, 'stop'));
      const listed = await c.store().operations.list(i.organizationId, i.id, 10);
      expect(listed.map((o) => [o.id, o.logs.map((l) => l.text)])).toEqual([
        [second.id, []],
        [first.id, ['1', '2']],
      ]);
      expect(listed[1]?.logs[1]).toEqual({ at: '2024-01-01T00:00:01.000Z', level: 'warn', step: 'b', text: '2' });
      expect(await c.store().operations.list(i.organizationId, i.id, 1)).toHaveLength(1);
    });

    it('fails the queued operation only, and answers it', async () => {
      const i = await instance();
      expect(await c.store().operations.failQueued(i.id, 'gone', new Date())).toBeUndefined();
      const queued = await c.store().operations.insert(operation(i));
      const at = new Date('2024-02-02T00:00:00.000Z');
      expect(await c.store().operations.failQueued(i.id, 'gone', at)).toMatchObject({
        id: queued.id,
        status: 'failed',
        error: 'gone',
        finishedAt: at.toISOString(),
      });
      const running = await c.store().operations.insert(operation(i));
      await c.store().operations.update(running.id, { status: 'running', startedAt: new Date() });
      expect(await c.store().operations.failQueued(i.id, 'gone', at)).toBeUndefined();
    });

    it('lists the running operations whose heartbeat (or start) is older than a time', async () => {
      const [a, b, q] = [await instance(), await instance(), await instance()];
      const beating = await c.store().operations.insert(operation(a));
      await c.store().operations.update(beating.id, { status: 'running', startedAt: new Date('2020-01-01T00:00:00Z') });
      await c.store().operations.heartbeat(beating.id, new Date('2020-01-03T00:00:00Z'));
      const silent = await c.store().operations.insert(operation(b));
      await c.store().operations.update(silent.id, { status: 'running', startedAt: new Date('2020-01-02T00:00:00Z') });
      const queued = await c.store().operations.insert(operation(q));
      const ours = new Set([beating.id, silent.id, queued.id]);
      const stale = async (before: string) =>
        (await c.store().operations.listStale(new Date(before)))
          .filter((o) => ours.has(o.id))
          .map((o) => o.id)
          .sort();
      expect(await stale('2020-01-02T12:00:00Z')).toEqual([silent.id]);
      expect(await stale('2020-01-04T00:00:00Z')).toEqual([beating.id, silent.id].sort());
    });

    it('outlives its instance, without it', async () => {
      const i = await instance();
      const op = await c.store().operations.insert(operation(i));
      await c.store().instances.delete(i.id);
      expect(await c.store().operations.findById(op.id)).toMatchObject({ id: op.id, instanceId: null });
    });
  });
}
