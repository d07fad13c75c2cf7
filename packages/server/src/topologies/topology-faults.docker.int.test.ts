import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freePort,
  imagesTimeoutMs,
  removeLabelled,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { testImages } from '../runtime/testing/test-images.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Faults of a topology deploy on a real engine over SSH, each ending `failed` with the reason
 * and a retry that works: the server unreachable, and an Odoo whose health check never passes.
 * (The pull that fails is in topology-deploy.docker.int.test.ts.) One small topology,
 * PostgreSQL and Odoo on one server: `:16` of this file's tag never answers, `:17` does.
 */
const repo = 'ocore-test-topo-faults/odoo';
let f: RuntimeFixture;
let t: TestApp;
let token: string;
/** `unreachable` names a port nothing listens on until the first test corrects it; `reachable` is right from the start. */
const servers = { unreachable: '', reachable: '' };
const topologies: string[] = [];

const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

interface DeploymentView {
  status: string;
  error: string | null;
  nodes: { nodeId: string; status: string; reason: string | null }[];
}

beforeAll(async () => {
  f = await startRuntimeFixture();
  docker('tag', testImages.odoo(17), `${repo}:17`);
  execFileSync('docker', ['build', '-q', '-t', `${repo}:16`, '-'], {
    input: `FROM ${testImages.odoo(17)}\nENTRYPOINT ["/bin/sh", "-c", "exec sleep infinity", "--"]\n`,
  });
  t = await startTestApp({
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_DEPLOY_REDIS_IMAGE: testImages.redis,
    OCORE_DEPLOY_PUBLISH_IP: '127.0.0.1',
    OCORE_DEPLOY_START_TIMEOUT_SECONDS: '15',
  });
  token = (await t.signup()).token;
  for (const [which, port] of [
    ['unreachable', await freePort()],
    ['reachable', f.sshd.port],
  ] as const) {
    const res = await t.api('POST', '/api/servers', {
      token,
      body: {
        name: `${which}-loopback`,
        host: f.sshd.host,
        port,
        sshUser: f.sshd.user,
        sshPrivateKey: f.sshd.privateKey,
        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 5 },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    servers[which] = res.body.id;
  }
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  for (const id of topologies) await removeLabelled(`ocore.topology=${id}`);
  for (const tag of ['16', '17']) dockerQuiet('rmi', `${repo}:${tag}`);
  await f?.cleanup();
}, 120_000);

const topologyData = (odooVersion: string, serverId: string) => ({
  nodes: [
    { id: 'pg', kind: 'postgres', serverId },
    { id: 'odoo', kind: 'odoo', serverId, config: { version: odooVersion, workers: 1 } },
  ],
  edges: [{ source: 'odoo', target: 'pg' }],
});

async function createTopology(name: string, odooVersion: string, serverId: string): Promise<string> {
  const res = await t.api('POST', '/api/topologies', {
    token,
    body: { name, topologyData: topologyData(odooVersion, serverId) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  topologies.push(res.body.id);
  return res.body.id;
}

/** Deploys and waits for the deployment to end; answers the newest deployment. */
async function deploy(topologyId: string): Promise<DeploymentView> {
  const started = await t.api('POST', `/api/topologies/${topologyId}/deploy`, { token });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return eventually(
    'the deployment to end',
    async () => {
      const res = await t.api('GET', `/api/topologies/${topologyId}/status`, { token });
      return ['succeeded', 'failed'].includes(res.body.status) ? (res.body as DeploymentView) : undefined;
    },
    240_000,
  );
}

const node = (done: DeploymentView, id: string) => done.nodes.find((n) => n.nodeId === id);

describe('topology deploy faults on a real engine over SSH', () => {
  it('fails every node naming the connection when the server is unreachable, and deploys once it can be reached', async () => {
    const id = await createTopology('Unreachable', '17.0', servers.unreachable);
    const failed = await deploy(id);
    expect(failed).toMatchObject({ status: 'failed', error: '2 of 2 nodes failed: pg, odoo' });
    for (const n of ['pg', 'odoo'])
      expect(node(failed, n)).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/^connect to .+ over SSH: connection refused/),
      });

    // The server's port corrected (a new port clears the key unless given again).
    const fixed = await t.api('PUT', `/api/servers/${servers.unreachable}`, {
      token,
      body: { port: f.sshd.port, sshPrivateKey: f.sshd.privateKey },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const retried = await deploy(id);
    expect(retried, JSON.stringify(retried.nodes)).toMatchObject({ status: 'succeeded', error: null });
  }, 600_000);

  it('fails the Odoo node naming its health check when Odoo never answers, and a retry with a good image works', async () => {
    const id = await createTopology('Silent', '16.0', servers.reachable);
    const failed = await deploy(id);
    expect(failed).toMatchObject({ status: 'failed', error: '1 of 2 nodes failed: odoo' });
    expect(node(failed, 'pg')?.status).toBe('healthy');
    expect(node(failed, 'odoo')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/health/) });

    const updated = await t.api('PUT', `/api/topologies/${id}`, {
      token,
      body: { topologyData: topologyData('17.0', servers.reachable) },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const retried = await deploy(id);
    expect(retried, JSON.stringify(retried.nodes)).toMatchObject({ status: 'succeeded', error: null });
  }, 600_000);
});
