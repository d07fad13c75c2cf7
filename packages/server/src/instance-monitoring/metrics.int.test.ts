import { rollUpAndPrune, toSample } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/** The metrics repository on the real database: points, rollups (idempotent), retention, the uptime. */
let t: TestApp;
let token: string;
let instanceId: string;
let organizationId: string;

beforeAll(async () => {
  t = await startTestApp({ OCORE_JOBS: '0' });
  const owner = await t.signup();
  token = owner.token;
  organizationId = owner.organization.id;
  const server = await t.api('POST', '/api/servers', {
    token,
    body: {
      name: 'web-1',
      host: '127.0.0.1',
      sshUser: 'root',
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
    },
  });
  const created = await t.api('POST', '/api/instances', {
    token,
    body: { serverId: server.body.id, name: 'Shop', odooVersion: '18.0' },
  });
  instanceId = created.body.instanceId;
});

afterAll(async () => {
  await t.close();
});

const stats = (memoryBytes: number) => ({
  at: '',
  cpuPercent: 20,
  memoryBytes,
  memoryLimitBytes: 1000,
  networkRxBytes: 1,
  networkTxBytes: 2,
  blockReadBytes: 3,
  blockWriteBytes: 4,
});

describe('instance metrics in the database', () => {
  it('stores points, rolls complete buckets up once, prunes what is past retention, and answers the uptime', async () => {
    const { metrics } = t.app.deps;
    const bucket = Math.floor((Date.now() - 20 * 60_000) / 300_000) * 300_000;
    const points = [0, 10, 20].map((s, i) =>
      toSample(new Date(bucket + s * 1000), stats(100 * (i + 1)), i === 2 ? null : 10),
    );
    const old = toSample(new Date(Date.now() - 2 * 86_400_000), stats(1), 5);
    await metrics.insert(
      '10s',
      [...points, old].map((p) => ({ ...p, instanceId, organizationId })),
    );

    const first = await rollUpAndPrune(t.app.deps);
    expect(first.rolledUp).toBeGreaterThanOrEqual(1);
    expect(first.pruned).toBeGreaterThanOrEqual(1);
    await rollUpAndPrune(t.app.deps);
    const rollups = await metrics.list(instanceId, '5m', new Date(bucket - 1), new Date());
    expect(rollups).toEqual([
      expect.objectContaining({
        at: new Date(bucket).toISOString(),
        memoryBytes: 200,
        healthChecks: 3,
        healthPassed: 2,
      }),
    ]);
    expect(await metrics.list(instanceId, '10s', new Date(0), new Date(Date.now() - 86_400_000))).toEqual([]);

    const res = await t.api('GET', `/api/instances/${instanceId}/metrics?from=${new Date(bucket - 1).toISOString()}`, {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resolution: '10s', uptime: 2 / 3 });
    expect(res.body.samples).toHaveLength(3);
  });
});
