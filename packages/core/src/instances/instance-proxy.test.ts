import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import type { Server } from '../servers/server.schema.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import type { FakeEngine } from '../testing/fake-runtime.js';
import type { Instance } from './instance.schema.js';
import { deleteInstance, getInstance, requestInstanceOperation } from './instance.service.js';
import { runtimeNames } from './instance.rules.js';
import { runOperation } from './operation.runner.js';
import { createInstance } from './provision.service.js';
import { instanceProxy } from './proxy.rules.js';

let deps: SettingsTestDeps;
let owner: SignedUp;
let server: Server;
let instance: Instance;
let engine: FakeEngine;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';
const liveConfig = () => engine.containers.get(instanceProxy.container)?.files.get('/etc/nginx/nginx.conf') ?? '';

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
}

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
  ({ instance } = await createInstance(deps, owner.actor, {
    name: 'Acme',
    serverId: server.id,
    odooVersion: '18.0',
  }));
  engine = deps.runtimes.engine('127.0.0.1');
  await drain();
});

describe("the server's proxy", () => {
  it('runs published as configured, on its own network and the client network, routing the hostname', () => {
    const proxy = engine.containers.get(instanceProxy.container);
    expect(proxy?.status).toBe('running');
    expect(proxy?.spec).toMatchObject({
      image: 'nginx:1.27',
      ports: [{ containerPort: 80, hostIp: '127.0.0.1', hostPort: 8080 }],
      networks: [{ name: 'ocore-proxy' }, { name: runtimeNames(instance).network }],
      restart: 'unless-stopped',
    });
    expect(liveConfig()).toContain(`server_name acme.apps.test;\n    set $odoo ${runtimeNames(instance).container};`);
    expect(engine.execs).toContain(`ocore-proxy: nginx -s reload`);
  });

  it('answers a stopped instance 503, routes it again once started, and forgets it once deleted', async () => {
    await requestInstanceOperation(deps, owner.actor, instance.id, 'stop');
    await drain();
    expect(liveConfig()).toMatch(/server_name acme\.apps\.test;\n\s+default_type text\/plain;\n\s+return 503/);
    await requestInstanceOperation(deps, owner.actor, instance.id, 'start');
    await drain();
    expect(liveConfig()).toContain('set $odoo');
    await deleteInstance(deps, owner.actor, instance.id);
    await drain();
    expect(liveConfig()).not.toContain('acme.apps.test');
    expect(engine.containers.has(runtimeNames(instance).container)).toBe(false);
  });

  it('joins the network of a second client without losing the first', async () => {
    const before = engine.containers.get(instanceProxy.container)?.spec.networks.map((n) => n.name);
    // Another organization's instance on the same server: added as the repository would store it.
    const other = await deps.store.instances.insert({
      ...instance,
      organizationId: '99999999-9999-4999-8999-999999999999',
      slug: 'beta',
      name: 'Beta',
    });
    await deps.store.instances.update(other.id, { status: 'running' });
    await requestInstanceOperation(deps, owner.actor, instance.id, 'restart');
    await drain();
    const after = engine.containers.get(instanceProxy.container)?.spec.networks.map((n) => n.name);
    expect(new Set(after)).toEqual(new Set([...(before ?? []), runtimeNames(other).network]));
    expect(after).toHaveLength(3);
    expect(liveConfig()).toContain('server_name beta.apps.test;');
  });

  it('never leaves a config nginx refuses: the step fails with its words and the last good one stays', async () => {
    const good = liveConfig();
    engine.badProxyConfig = true;
    const reloads = engine.proxyReloads;
    await requestInstanceOperation(deps, owner.actor, instance.id, 'stop');
    await drain();
    expect(await getInstance(deps, owner.actor, instance.id)).toMatchObject({
      status: 'failed',
      failedStep: 'update proxy',
      failureReason: expect.stringContaining('unexpected "}"'),
    });
    const proxyFiles = [...(engine.containers.get(instanceProxy.container)?.files.keys() ?? [])];
    expect(proxyFiles).toEqual(['/etc/nginx/nginx.conf']);
    expect(liveConfig()).toBe(good);
    expect(engine.proxyReloads).toBe(reloads);
    engine.badProxyConfig = false;
    await requestInstanceOperation(deps, owner.actor, instance.id, 'start');
    await drain();
    expect((await getInstance(deps, owner.actor, instance.id)).status).toBe('running');
  });

  it('is left alone when instances have no base domain', async () => {
    engine.containers.delete(instanceProxy.container);
    deps.instanceBaseDomain = undefined;
    await requestInstanceOperation(deps, owner.actor, instance.id, 'restart');
    await drain();
    expect(engine.containers.has(instanceProxy.container)).toBe(false);
    expect((await getInstance(deps, owner.actor, instance.id)).url).toBeNull();
  });
});
