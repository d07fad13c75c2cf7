import { beforeEach, describe, expect, it } from 'vitest';
import { createServer, updateServer } from '../servers/server.service.js';
import type { Server } from '../servers/server.schema.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import type { FakeEngine } from '../testing/fake-runtime.js';
import type { Instance } from './instance.schema.js';
import { getInstance, requestInstanceOperation } from './instance.service.js';
import { runtimeNames } from './instance.rules.js';
import { checkInstanceHealth, healthCheckStep } from './instance-health.service.js';
import { runOperation } from './operation.runner.js';
import { createInstance } from './provision.service.js';

let deps: SettingsTestDeps;
let owner: SignedUp;
let server: Server;
let acme: Instance;
let shop: Instance;
let engine: FakeEngine;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
}

const statusOf = async (instance: Instance) => getInstance(deps, owner.actor, instance.id);
const container = (instance: Instance) => engine.containers.get(runtimeNames(instance).container)!;

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
  server = await createServer(deps, owner.actor, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: key,
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  acme = (await createInstance(deps, owner.actor, { name: 'Acme', serverId: server.id, odooVersion: '18.0' })).instance;
  shop = (await createInstance(deps, owner.actor, { name: 'Shop', serverId: server.id, odooVersion: '18.0' })).instance;
  engine = deps.runtimes.engine('127.0.0.1');
  await drain();
});

describe('the instance health job', () => {
  it('marks a running instance whose container died failed, saying so, and publishes it', async () => {
    container(acme).status = 'exited';
    const published = deps.events.published().length;
    expect(await checkInstanceHealth(deps)).toEqual({ checked: 2, failed: 1, recovered: 0, unknown: 0 });
    expect(await statusOf(acme)).toMatchObject({
      status: 'failed',
      failedStep: healthCheckStep,
      failureReason: 'the container is exited (exit code 0)',
    });
    expect((await statusOf(shop)).status).toBe('running');
    const events = deps.events.published().slice(published);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'instance.status',
        payload: expect.objectContaining({ targetId: acme.id, status: 'failed' }) as unknown,
      }),
    ]);
  });

  it('marks a failing /web/health, and brings the instance back once it answers', async () => {
    engine.unhealthy = true;
    expect(await checkInstanceHealth(deps)).toMatchObject({ failed: 2 });
    expect(await statusOf(shop)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('503') });
    expect(await checkInstanceHealth(deps)).toMatchObject({ checked: 2, failed: 0, recovered: 0 });
    engine.unhealthy = false;
    expect(await checkInstanceHealth(deps)).toMatchObject({ recovered: 2 });
    expect(await statusOf(shop)).toMatchObject({ status: 'running', failedStep: null, failureReason: null });
  });

  it('recovers through start too: the user need not wait for the job', async () => {
    container(acme).status = 'exited';
    await checkInstanceHealth(deps);
    await requestInstanceOperation(deps, owner.actor, acme.id, 'start');
    await drain();
    expect(await statusOf(acme)).toMatchObject({ status: 'running', failedStep: null });
    expect(container(acme).status).toBe('running');
  });

  it("leaves stopped instances and an operation's failures alone", async () => {
    await requestInstanceOperation(deps, owner.actor, acme.id, 'stop');
    await drain();
    await deps.store.instances.update(shop.id, { status: 'failed', failedStep: 'pull image', failureReason: 'x' });
    expect(await checkInstanceHealth(deps)).toEqual({ checked: 0, failed: 0, recovered: 0, unknown: 0 });
    expect((await statusOf(acme)).status).toBe('stopped');
    expect((await statusOf(shop)).failedStep).toBe('pull image');
  });

  it('leaves an instance alone while a restore swaps its data in (Odoo stopped meanwhile)', async () => {
    const restore = await deps.store.backups.insertRestore({
      backupId: '00000000-0000-4000-8000-000000000001',
      instanceId: acme.id,
      organizationId: acme.organizationId,
      createdBy: null,
    });
    await deps.store.backups.updateRestore(restore.id, { status: 'running', step: 'swap in the restored data' });
    container(acme).status = 'exited';
    expect(await checkInstanceHealth(deps)).toMatchObject({ failed: 0 });
    expect((await statusOf(acme)).status).toBe('running');
    await deps.store.backups.updateRestore(restore.id, { status: 'failed', error: 'x' });
    expect(await checkInstanceHealth(deps)).toMatchObject({ failed: 1 });
    expect((await statusOf(acme)).status).toBe('failed');
  });

  it('leaves the instances of a server it cannot reach as they are', async () => {
    engine.unreachable = true;
    expect(await checkInstanceHealth(deps)).toEqual({ checked: 0, failed: 0, recovered: 0, unknown: 2 });
    expect((await statusOf(acme)).status).toBe('running');
    engine.unreachable = false;
    await updateServer(deps, owner.actor, { id: server.id, status: 'maintenance' });
    expect(await checkInstanceHealth(deps)).toMatchObject({ unknown: 2 });
  });

  it("reads the engine's own verdict from one container list, probing only what it does not report healthy", async () => {
    expect(container(acme).spec.healthcheck?.command[0]).toBe('/usr/bin/python3');
    // Shop's container predates health checks: it is asked directly.
    delete container(shop).spec.healthcheck;
    engine.execs.length = 0;
    expect(await checkInstanceHealth(deps)).toEqual({ checked: 2, failed: 0, recovered: 0, unknown: 0 });
    const probed = engine.execs.filter((e) => e.includes('/usr/bin/python3'));
    expect(probed).toHaveLength(1);
    expect(probed[0]).toContain(runtimeNames(shop).container);
  });
});
