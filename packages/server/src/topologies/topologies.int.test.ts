import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { AppRouter } from '../trpc/app.router.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ OCORE_JOBS: '0' });
});
afterAll(() => t.close());

async function server(token: string, name: string) {
  const res = await t.api('POST', '/api/servers', {
    token,
    body: { name, host: `${name}.internal`, capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 5 } },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const trpcAs = (token: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${t.url}/trpc`, headers: () => ({ Authorization: `Bearer ${token}` }) })],
  });

describe('topologies', () => {
  it('validates a draft sent with the request, against the stored HA settings, without saving it', async () => {
    const owner = await t.signup();
    const [app, db] = [await server(owner.token, 'app-1'), await server(owner.token, 'db-1')];
    const created = await t.api('POST', '/api/topologies', { token: owner.token, body: { name: 'Draft' } });
    const id = created.body.id as string;
    const draft = {
      nodes: [
        { id: 'odoo1', kind: 'odoo', serverId: app },
        { id: 'odoo2', kind: 'odoo', serverId: app },
        { id: 'pg', kind: 'postgres', serverId: db },
      ],
      edges: [
        { source: 'odoo1', target: 'pg' },
        { source: 'odoo2', target: 'pg' },
        { source: 'odoo1', target: 'odoo2' },
      ],
    };
    const rest = await t.api('POST', `/api/topologies/${id}/validate`, {
      token: owner.token,
      body: { topologyData: draft },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.errors).toContainEqual({
      nodeId: 'odoo1',
      code: 'EDGE_NOT_ALLOWED',
      message:
        'odoo1 (odoo) and odoo2 (odoo) cannot be connected: odoo nodes connect only to postgres, redis, load-balancer or filestore',
    });
    const stored = await t.api('POST', `/api/topologies/${id}/validate`, { token: owner.token });
    expect(stored.body.errors.map((e: { code: string }) => e.code)).toEqual(['NO_ODOO', 'NO_DATABASE']);
    expect((await t.api('GET', `/api/topologies/${id}`, { token: owner.token })).body.topologyData.nodes).toEqual([]);

    const viaTrpc = await trpcAs(owner.token).topologies.validate.mutate({
      id,
      topologyData: { nodes: draft.nodes.filter((n) => n.id !== 'odoo2') as never, edges: [draft.edges[0]!] },
    });
    expect(viaTrpc).toEqual({ valid: true, errors: [], warnings: [] });
    const bad = await t.api('POST', `/api/topologies/${id}/validate`, {
      token: owner.token,
      body: { topologyData: { nodes: [{ id: 'a b', kind: 'odoo', serverId: app }], edges: [] } },
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'topologyData.nodes.0.id']);
  });

  it('answers "not deployed yet" as null (latestDeployment), while status keeps its 404', async () => {
    const owner = await t.signup();
    const created = await t.api('POST', '/api/topologies', { token: owner.token, body: { name: 'Never deployed' } });
    const id = created.body.id as string;
    expect(await trpcAs(owner.token).topologies.latestDeployment.query({ id })).toBeNull();
    expect((await t.api('GET', `/api/topologies/${id}/status`, { token: owner.token })).status).toBe(404);
    const latest = await t.api('GET', `/api/topologies/${id}/latest-deployment`, { token: owner.token });
    expect([latest.status, latest.body]).toEqual([200, null]);
    const stranger = await t.signup();
    await expect(trpcAs(stranger.token).topologies.latestDeployment.query({ id })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
  });

  it('designs, configures HA, validates, changes and removes a topology', async () => {
    const owner = await t.signup();
    const [app1, app2, db] = [
      await server(owner.token, 'app-1'),
      await server(owner.token, 'app-2'),
      await server(owner.token, 'db-1'),
    ];
    const topologyData = {
      nodes: [
        { id: 'odoo1', kind: 'odoo', serverId: app1 },
        { id: 'odoo2', kind: 'odoo', serverId: app2 },
        { id: 'pg', kind: 'postgres', serverId: db },
      ],
      edges: [
        { source: 'odoo1', target: 'pg' },
        { source: 'odoo2', target: 'pg' },
      ],
    };
    const created = await t.api('POST', '/api/topologies', {
      token: owner.token,
      body: {
        name: 'HA Production Setup',
        description: 'High-availability production topology with load balancing',
        topologyData,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const first = await t.api('POST', `/api/topologies/${id}/validate`, { token: owner.token });
    expect(first.body.valid).toBe(false);
    expect(first.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      'LB_REQUIRED',
      'LOCAL_FILESTORE_MULTI_ODOO',
    ]);

    const ha = await t.api('PUT', `/api/topologies/${id}/ha-config`, {
      token: owner.token,
      body: {
        lbType: 'traefik',
        lbServerId: db,
        filestoreType: 'shared_nfs',
        redisEnabled: true,
        redisServerId: db,
        pgFailoverEnabled: true,
      },
    });
    expect(ha.body.haConfig).toMatchObject({ lbType: 'traefik', filestoreType: 'shared_nfs', pgFailoverEnabled: true });
    expect(
      (await t.api('POST', `/api/topologies/${id}/validate`, { token: owner.token })).body.errors.map(
        (e: { code: string }) => e.code,
      ),
    ).toEqual(['REPLICA_REQUIRED']);

    await t.api('PUT', `/api/topologies/${id}/ha-config`, { token: owner.token, body: { pgFailoverEnabled: false } });
    expect((await t.api('POST', `/api/topologies/${id}/validate`, { token: owner.token })).body).toMatchObject({
      valid: true,
      errors: [],
    });

    await t.api('PUT', `/api/servers/${db}`, { token: owner.token, body: { status: 'maintenance' } });
    const down = await t.api('POST', `/api/topologies/${id}/validate`, { token: owner.token });
    expect(down.body.errors).toContainEqual(expect.objectContaining({ nodeId: 'pg', code: 'SERVER_NOT_ACTIVE' }));

    expect(
      (await t.api('PUT', `/api/topologies/${id}`, { token: owner.token, body: { name: 'Renamed' } })).body.name,
    ).toBe('Renamed');
    expect((await t.api('GET', '/api/topologies', { token: owner.token })).body.total).toBe(1);
    expect((await t.api('DELETE', `/api/topologies/${id}`, { token: owner.token })).status).toBe(204);
    expect((await t.api('GET', `/api/topologies/${id}`, { token: owner.token })).status).toBe(404);
  });

  it('refuses bad graphs and HA values with 400 naming the field', async () => {
    const owner = await t.signup();
    const bad = await t.api('POST', '/api/topologies', {
      token: owner.token,
      body: {
        name: 'X1',
        topologyData: { nodes: [{ id: 'a', kind: 'mainframe', serverId: crypto.randomUUID() }], edges: [] },
      },
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'topologyData.nodes.0.kind']);
    const created = await t.api('POST', '/api/topologies', { token: owner.token, body: { name: 'Empty' } });
    const badHa = await t.api('PUT', `/api/topologies/${created.body.id}/ha-config`, {
      token: owner.token,
      body: { lbType: 'apache' },
    });
    expect([badHa.status, badHa.body.field]).toEqual([400, 'lbType']);
  });

  it('follows view:topologies and manage:topologies, and keeps organizations apart', async () => {
    const owner = await t.signup();
    const viewer = await t.joinAs(owner, 'Viewer');
    const dev = await t.joinAs(owner, 'Developer');
    const created = await t.api('POST', '/api/topologies', { token: dev.token, body: { name: 'By a developer' } });
    expect(created.status).toBe(201);
    expect((await t.api('GET', '/api/topologies', { token: viewer.token })).status).toBe(200);
    expect((await t.api('POST', `/api/topologies/${created.body.id}/validate`, { token: viewer.token })).status).toBe(
      200,
    );
    const denied = await t.api('POST', '/api/topologies', { token: viewer.token, body: { name: 'Nope' } });
    expect([denied.status, denied.body.permission]).toEqual([403, 'manage:topologies']);
    const stranger = await t.signup();
    for (const [method, path] of [
      ['GET', `/api/topologies/${created.body.id}`],
      ['POST', `/api/topologies/${created.body.id}/validate`],
      ['DELETE', `/api/topologies/${created.body.id}`],
    ] as const) {
      expect((await t.api(method, path, { token: stranger.token })).status).toBe(404);
    }
  });
});
