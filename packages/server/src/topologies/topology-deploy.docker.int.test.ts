import { execFileSync } from 'node:child_process';
import { topologyDatabase, topologyNames } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  imagesTimeoutMs,
  removeLabelled,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { testImages } from '../runtime/testing/test-images.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * A topology deployed for real: every node but the load balancer runs on the engine of its
 * server, reached over SSH (Debian's sshd on loopback). Two server records name the same
 * machine, so the primary and its replica sit on "two servers" that share one engine and meet
 * on the topology's network. Odoo is the stand-in, under a tag of this file's own:
 * `ocore-test-topo/odoo:17` exists, `:19` does not until a test tags it.
 */
const repo = 'ocore-test-topo/odoo';
let f: RuntimeFixture;
let t: TestApp;
let token: string;
let topologyId: string;
const servers: Record<'app' | 'db', string> = { app: '', db: '' };

const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

interface NodeView {
  nodeId: string;
  status: string;
  reason: string | null;
}
interface DeploymentView {
  status: string;
  error: string | null;
  nodes: NodeView[];
}

beforeAll(async () => {
  f = await startRuntimeFixture();
  docker('tag', testImages.odoo(17), `${repo}:17`);
  dockerQuiet('rmi', `${repo}:19`);
  t = await startTestApp({
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_DEPLOY_REDIS_IMAGE: testImages.redis,
    OCORE_DEPLOY_PUBLISH_IP: '127.0.0.1',
    OCORE_DEPLOY_START_TIMEOUT_SECONDS: '90',
  });
  token = (await t.signup()).token;
  for (const name of ['app', 'db'] as const) {
    const res = await t.api('POST', '/api/servers', {
      token,
      body: {
        name: `${name}-loopback`,
        host: f.sshd.host,
        port: f.sshd.port,
        sshUser: f.sshd.user,
        sshPrivateKey: f.sshd.privateKey,
        capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 5 },
      },
    });
    expect(res.status).toBe(201);
    servers[name] = res.body.id;
  }
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  if (topologyId) await removeLabelled(`ocore.topology=${topologyId}`);
  for (const tag of ['17', '19']) dockerQuiet('rmi', `${repo}:${tag}`);
  await f?.cleanup();
}, 120_000);

const topologyData = (odooVersion: string) => ({
  nodes: [
    { id: 'pg', kind: 'postgres', serverId: servers.app },
    { id: 'replica', kind: 'postgres-replica', serverId: servers.db },
    { id: 'redis', kind: 'redis', serverId: servers.app },
    { id: 'files', kind: 'filestore', serverId: servers.app },
    { id: 'odoo', kind: 'odoo', serverId: servers.app, config: { version: odooVersion, workers: 1 } },
  ],
  edges: [
    { source: 'odoo', target: 'pg' },
    { source: 'odoo', target: 'redis' },
    { source: 'odoo', target: 'files' },
    { source: 'replica', target: 'pg' },
  ],
});

/** Deploys and waits for the deployment to end; answers the newest deployment. */
async function deploy(): Promise<DeploymentView> {
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

const names = (nodeId: string) => topologyNames(topologyId, nodeId);
const sql = (nodeId: string, query: string) =>
  f.runtime.exec(names(nodeId).container, {
    command: ['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', topologyDatabase(topologyId), '-tAc', query],
  });
const statusOf = (done: DeploymentView) => Object.fromEntries(done.nodes.map((n) => [n.nodeId, n.status]));

describe('a topology deployed on a real engine over SSH', () => {
  it('brings the primary, a streaming replica, Redis, the filestore and Odoo to healthy, for real', async () => {
    const created = await t.api('POST', '/api/topologies', {
      token,
      body: { name: 'Loopback HA', topologyData: topologyData('17.0') },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    topologyId = created.body.id;
    const ha = await t.api('PUT', `/api/topologies/${topologyId}/ha-config`, { token, body: { redisEnabled: true } });
    expect(ha.status).toBe(200);

    const done = await deploy();
    expect(done, JSON.stringify(done.nodes)).toMatchObject({ status: 'succeeded', error: null });
    expect(statusOf(done)).toEqual({
      pg: 'healthy',
      replica: 'healthy',
      redis: 'healthy',
      files: 'healthy',
      odoo: 'healthy',
    });

    // The replica streams: a row written on the primary shows up on it, and it refuses writes.
    expect((await sql('pg', 'create table probe (v text); insert into probe values (42)')).exitCode).toBe(0);
    await eventually('the row to reach the replica', async () =>
      (await sql('replica', 'select v from probe')).stdout.trim() === '42' ? true : undefined,
    );
    expect((await sql('replica', 'insert into probe values (1)')).stderr).toMatch(/read-only transaction/);

    // Redis wants its password.
    const ping = (env: Record<string, string>) =>
      f.runtime.exec(names('redis').container, { command: ['redis-cli', 'ping'], env });
    expect((await ping({})).stdout).toMatch(/NOAUTH/);

    // Odoo keeps its filestore on the filestore node's volume, and answers /web/health.
    const mounts = docker(
      'inspect',
      '-f',
      '{{range .Mounts}}{{.Name}} {{.Destination}};{{end}}',
      names('odoo').container,
    );
    expect(mounts.trim().split(';').filter(Boolean).sort()).toEqual([
      `${names('files').volume} /var/lib/odoo`,
      `${names('odoo').addons} /mnt/extra-addons`,
    ]);
    const filestore = await f.runtime.exec(names('odoo').container, {
      command: ['/bin/ls', '/var/lib/odoo/filestore'],
    });
    expect(filestore.stdout.trim()).toBe(topologyDatabase(topologyId));
    expect(docker('inspect', '-f', '{{.Config.User}} {{.HostConfig.Privileged}}', names('odoo').container).trim()).toBe(
      'odoo false',
    );

    // A node is checked again on request: a stopped replica is reported, and a redeploy brings it back.
    docker('stop', names('replica').container);
    const stopped = await t.api('POST', `/api/topologies/${topologyId}/nodes/replica/status`, { token });
    expect(stopped.body).toMatchObject({ status: 'failed', reason: expect.stringMatching(/container is exited/) });
    const again = await deploy();
    expect(statusOf(again)).toEqual(statusOf(done));
    const check = await t.api('POST', `/api/topologies/${topologyId}/nodes/replica/status`, { token });
    expect(check.body).toMatchObject({ status: 'healthy', reason: null });
  }, 600_000);

  it('fails the Odoo node naming the pull when its image cannot be had, and a retry works once it can', async () => {
    const updated = await t.api('PUT', `/api/topologies/${topologyId}`, {
      token,
      body: { topologyData: topologyData('19.0') },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const failed = await deploy();
    expect(failed).toMatchObject({ status: 'failed', error: '1 of 5 nodes failed: odoo' });
    expect(failed.nodes.find((n) => n.nodeId === 'odoo')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(new RegExp(`^pull image ${repo}:19: `)),
    });
    expect(statusOf(failed)).toMatchObject({ pg: 'healthy', replica: 'healthy', redis: 'healthy', files: 'healthy' });

    docker('tag', `${repo}:17`, `${repo}:19`);
    const retried = await deploy();
    expect(retried, JSON.stringify(retried.nodes)).toMatchObject({ status: 'succeeded', error: null });
    expect(docker('inspect', '-f', '{{.Config.Image}}', names('odoo').container).trim()).toBe(`${repo}:19`);
  }, 600_000);
});
