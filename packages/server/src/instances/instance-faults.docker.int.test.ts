import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freePort,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { startPrivateDockerd, type PrivateDockerd } from '../runtime/testing/private-dockerd.js';
import { testImages } from '../runtime/testing/test-images.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Faults of an instance deploy on a real engine over SSH, each ending `failed` with the step
 * and the reason, and a retry that works: the engine restarted mid-deploy, and the server
 * unreachable. (The pull that fails and the health check that never passes are in
 * instance-lifecycle.docker.int.test.ts.) The engine here is a private dockerd of this file's
 * own, which it may stop: the servers reach it through their `dockerSocket`. Its Odoo image
 * is the stand-in, starting its server 8 s late so that a deploy waits for /web/health long
 * enough to restart the engine under it.
 */
const repo = 'ocore-test-instance-faults/odoo';
const slowStartSeconds = 8;
let f: RuntimeFixture;
let engine: PrivateDockerd;
let t: TestApp;
let token: string;

type Instance = { id: string; status: string; failedStep: string | null; failureReason: string | null };

beforeAll(async () => {
  f = await startRuntimeFixture();
  engine = await startPrivateDockerd();
  execFileSync('docker', ['build', '-q', '-t', `${repo}:17`, '-'], {
    input:
      `FROM ${testImages.odoo(17)}\n` +
      `ENTRYPOINT ["/bin/sh", "-c", "sleep ${slowStartSeconds}; exec /entrypoint.sh \\"$@\\"", "--"]\nCMD ["odoo"]\n`,
  });
  await engine.loadImages([`${repo}:17`, testImages.postgres]);
  t = await startTestApp({
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '60',
  });
  token = (await t.signup()).token;
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  await engine?.cleanup();
  try {
    execFileSync('docker', ['rmi', `${repo}:17`], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
  await f?.cleanup();
}, 180_000);

async function addServer(name: string, port: number): Promise<string> {
  const res = await t.api('POST', '/api/servers', {
    token,
    body: {
      name,
      host: f.sshd.host,
      port,
      sshUser: f.sshd.user,
      sshPrivateKey: f.sshd.privateKey,
      dockerSocket: engine.socket,
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 5 },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.dockerSocket).toBe(engine.socket);
  return res.body.id;
}

async function provision(serverId: string, name: string): Promise<string> {
  const res = await t.api('POST', '/api/instances', {
    token,
    body: { serverId, name, odooVersion: '17.0', workers: 1 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.instanceId;
}

const get = async (id: string): Promise<Instance> => (await t.api('GET', `/api/instances/${id}`, { token })).body;

/** Waits until the instance's operation is over; answers the instance. */
const settled = (id: string): Promise<Instance> =>
  eventually(
    `instance ${id} to settle`,
    async () => {
      const instance = await get(id);
      return ['pending', 'deploying', 'deleting'].includes(instance.status) ? undefined : instance;
    },
    240_000,
  );

async function redeploy(id: string): Promise<Instance> {
  const res = await t.api('POST', `/api/instances/${id}/redeploy`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return settled(id);
}

describe('instance deploy faults on a real engine over SSH', () => {
  it('fails naming the engine when it restarts mid-deploy, and a redeploy runs the instance', async () => {
    const serverId = await addServer('private-engine', f.sshd.port);
    const id = await provision(serverId, 'Restarted');
    await eventually('the deploy to wait for /web/health', async () => {
      const ops = (await t.api('GET', `/api/instances/${id}/operations`, { token })).body;
      return ops.items[0]?.step === 'wait for /web/health' ? true : undefined;
    });
    // `systemctl restart docker`: the engine stops its containers and closes its API, then comes back.
    await engine.stop();
    await engine.start();

    const failed = await settled(id);
    expect(failed).toMatchObject({ status: 'failed', failedStep: 'wait for /web/health' });
    expect(failed.failureReason).toMatch(/Docker Engine/);
    const ops = (await t.api('GET', `/api/instances/${id}/operations`, { token })).body;
    expect(ops.items[0]).toMatchObject({ kind: 'provision', status: 'failed', step: 'wait for /web/health' });

    expect(await redeploy(id)).toMatchObject({ status: 'running', failedStep: null, failureReason: null });
    // It runs on the private engine, reached through the server's socket.
    const [container] = await engine.docker.listContainers({ filters: { label: [`ocore.instance=${id}`] } });
    expect(container?.State).toBe('running');
  }, 600_000);

  it('fails naming the SSH connection when the server cannot be reached, and runs once its port is right', async () => {
    const serverId = await addServer('unreachable', await freePort());
    const id = await provision(serverId, 'Unreachable');
    const failed = await settled(id);
    expect(failed).toMatchObject({ status: 'failed', failedStep: 'connect to server' });
    expect(failed.failureReason).toMatch(/^connect to .+ over SSH: connection refused/);

    // The port corrected (a new port clears the key unless it is given again).
    const fixed = await t.api('PUT', `/api/servers/${serverId}`, {
      token,
      body: { port: f.sshd.port, sshPrivateKey: f.sshd.privateKey },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(await redeploy(id)).toMatchObject({ status: 'running', failedStep: null });
  }, 600_000);
});
