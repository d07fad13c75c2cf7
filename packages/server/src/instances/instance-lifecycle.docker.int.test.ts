import { execFileSync } from 'node:child_process';
import { instanceProxy, runtimeNames, sharedPostgres } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  freePort,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { testImages } from '../runtime/testing/test-images.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Instances end to end on a real engine: the control plane reaches it over SSH (Debian's sshd
 * on loopback, the server's key, its host key pinned at first contact) and runs the Odoo
 * stand-in and PostgreSQL test images under tags of this file's own:
 * `ocore-test-instances/odoo:<major>` is the stand-in for 17 and 18, one whose server never
 * starts for 16 (health never passes), and none for 19 (the pull fails) until a test tags it.
 */
const repo = 'ocore-test-instances/odoo';
let f: RuntimeFixture;
let t: TestApp;
let token: string;
let serverId: string;
let proxyPort: number;
const made: string[] = [];

const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
const dockerQuiet = (...args: string[]) => {
  try {
    return docker(...args);
  } catch {
    return '';
  }
};

beforeAll(async () => {
  f = await startRuntimeFixture();
  // The stand-in as built copies odoo.py without its exec bit (reported to the runtime
  // helper); these derived images restore it, and nothing else.
  const build = (tag: string, from: string, extra = '') =>
    execFileSync('docker', ['build', '-q', '-t', `${repo}:${tag}`, '-'], {
      input: `FROM ${from}\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n${extra}`,
    });
  // From the tags pinned to this checkout's recipe: the plain tags follow whichever checkout
  // on the machine built last.
  build('18', testImages.odoo(18));
  build('17', testImages.odoo(17));
  build('16', testImages.odoo(18), 'ENTRYPOINT ["/bin/sh", "-c", "exec sleep infinity", "--"]\n');
  dockerQuiet('rmi', `${repo}:19`);
  proxyPort = await freePort();
  t = await startTestApp({
    OCORE_INSTANCE_BASE_DOMAIN: 'apps.test',
    // The server's proxy (instance-proxy.docker.int.test.ts tests it): on loopback only.
    OCORE_PROXY_IMAGE: testImages.nginx,
    OCORE_PROXY_HOST_IP: '127.0.0.1',
    OCORE_PROXY_HTTP_PORT: String(proxyPort),
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '15',
  });
  const owner = await t.signup();
  token = owner.token;
  const server = await t.api('POST', '/api/servers', {
    token,
    body: {
      name: 'loopback',
      host: f.sshd.host,
      port: f.sshd.port,
      sshUser: f.sshd.user,
      sshPrivateKey: f.sshd.privateKey,
      capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    },
  });
  expect(server.status).toBe(201);
  serverId = server.body.id;
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  for (const id of made) {
    const names = runtimeNames({ id, organizationId: '' });
    dockerQuiet('rm', '-f', names.container);
    dockerQuiet('volume', 'rm', names.filestore, names.addons);
  }
  dockerQuiet('rm', '-f', sharedPostgres.container, instanceProxy.container);
  dockerQuiet('network', 'rm', instanceProxy.network);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  for (const tag of ['16', '17', '18', '19']) dockerQuiet('rmi', `${repo}:${tag}`);
  await f?.cleanup();
}, 120_000);

type Instance = { id: string; status: string; failedStep: string | null; failureReason: string | null; url: string };

async function get(id: string): Promise<Instance> {
  return (await t.api('GET', `/api/instances/${id}`, { token })).body;
}

/** Waits until the instance's operation is over; answers the instance. */
function settled(id: string, timeoutMs = 120_000): Promise<Instance> {
  return eventually(
    `instance ${id} to settle`,
    async () => {
      const instance = await get(id);
      return ['pending', 'deploying', 'deleting'].includes(instance.status) ? undefined : instance;
    },
    timeoutMs,
  );
}

/** Runs a command in a container through the real runtime. */
const exec = (container: string, command: string[]) => f.runtime.exec(container, { command });

const fetchInContainer = (container: string, path: string) =>
  exec(container, [
    '/usr/bin/python3',
    '-c',
    `import urllib.request,urllib.error\ntry:\n r=urllib.request.urlopen('http://127.0.0.1:8069${path}')\n print(r.status)\nexcept urllib.error.HTTPError as e:\n print(e.code)`,
  ]);

describe('an instance on a real engine over SSH', () => {
  it('provisions from a template to running, stops, starts, takes new workers and limits, and leaves nothing behind when deleted', async () => {
    const template = await t.api('POST', '/api/templates', {
      token,
      body: {
        name: 'Shop',
        odooVersion: '18.0',
        defaultWorkers: 2,
        moduleList: ['sale'],
        cpuLimit: 1.5,
        memoryLimitMb: 1024,
      },
    });
    const created = await t.api('POST', `/api/templates/${template.body.id}/provision`, {
      token,
      body: { serverId, name: 'Acme Shop' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    made.push(id);
    const names = runtimeNames(created.body);
    expect(created.body).toMatchObject({ status: 'pending', url: `http://acme-shop.apps.test:${proxyPort}` });

    expect(await settled(id)).toMatchObject({ status: 'running', failedStep: null, failureReason: null });
    // Odoo answers, on its own database only.
    expect((await fetchInContainer(names.container, '/web/health')).stdout.trim()).toBe('200');
    expect((await fetchInContainer(names.container, '/web/login')).stdout.trim()).toBe('200');
    expect((await fetchInContainer(names.container, '/web/database/selector')).stdout.trim()).toBe('403');
    const state = await f.runtime.inspectContainer(names.container);
    expect(state).toMatchObject({ status: 'running', labels: { 'ocore.instance': id } });
    expect(docker('inspect', '-f', '{{.Config.User}} {{.HostConfig.Privileged}}', names.container).trim()).toBe(
      'odoo false',
    );
    // The template's limits, on the container the engine runs.
    const limits = () => docker('inspect', '-f', '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}', names.container);
    expect(limits().trim()).toBe(`${1.5e9} ${1024 * 1024 * 1024}`);
    const conf = (await exec(names.container, ['/bin/cat', '/etc/odoo/odoo.conf'])).stdout;
    expect(conf).toMatch(/^list_db = False$/m);
    expect(conf).toMatch(/^workers = 2$/m);
    const ops = (await t.api('GET', `/api/instances/${id}/operations`, { token })).body;
    expect(ops.items[0]).toMatchObject({ kind: 'provision', status: 'succeeded' });
    expect(ops.items[0].logs.map((l: { text: string }) => l.text)).toEqual(
      expect.arrayContaining(['install modules', 'wait for /web/health']),
    );
    // The host key the server showed is pinned.
    expect((await t.api('GET', `/api/servers/${serverId}`, { token })).body).toBeDefined();

    expect((await t.api('POST', `/api/instances/${id}/stop`, { token })).status).toBe(202);
    expect((await settled(id)).status).toBe('stopped');
    expect((await f.runtime.inspectContainer(names.container))?.status).toBe('exited');

    expect((await t.api('POST', `/api/instances/${id}/start`, { token })).status).toBe(202);
    expect((await settled(id)).status).toBe('running');

    // A key of the user's own in odoo.conf (as the file editor writes it) outlives the update.
    const before = (await exec(names.container, ['/bin/cat', '/etc/odoo/odoo.conf'])).stdout;
    await f.runtime.putFiles(names.container, '/etc/odoo', [
      { path: 'odoo.conf', content: `${before}smtp_server = mail.example.com\n` },
    ]);
    const updated = await t.api('PUT', `/api/instances/${id}`, {
      token,
      body: { workers: 3, cpuLimit: 0.5, memoryLimitMb: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.operation).toMatchObject({ kind: 'update' });
    expect((await settled(id)).status).toBe('running');
    const merged = (await exec(names.container, ['/bin/cat', '/etc/odoo/odoo.conf'])).stdout;
    expect(merged).toMatch(/^workers = 3$/m);
    expect(merged).toMatch(/^smtp_server = mail\.example\.com$/m);
    // The changed limits are the new container's: half a core, and no memory limit (0).
    expect(limits().trim()).toBe(`${0.5e9} 0`);
    expect((await fetchInContainer(names.container, '/web/health')).stdout.trim()).toBe('200');

    const removed = await t.api('DELETE', `/api/instances/${id}`, { token });
    expect(removed.status).toBe(202);
    await eventually('the instance to be removed', async () =>
      (await t.api('GET', `/api/instances/${id}`, { token })).status === 404 ? true : undefined,
    );
    expect(await f.runtime.inspectContainer(names.container)).toBeUndefined();
    expect(await f.runtime.listVolumes({ 'ocore.instance': id })).toEqual([]);
    const databases = await exec(sharedPostgres.container, [
      'psql',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-tAc',
      `select count(*) from pg_database where datname = '${names.database}' union all select count(*) from pg_roles where rolname = '${names.database}'`,
    ]);
    expect(databases.stdout.trim().split('\n')).toEqual(['0', '0']);
  }, 300_000);

  it('fails naming the pull when the image cannot be had, and a retry works once it can', async () => {
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId, name: 'Nineteen', odooVersion: '19.0', workers: 1 },
    });
    expect(created.status).toBe(202);
    const id: string = created.body.instanceId;
    made.push(id);
    expect(await settled(id)).toMatchObject({ status: 'failed', failedStep: `pull image ${repo}:19` });
    docker('tag', `${repo}:18`, `${repo}:19`);
    expect((await t.api('POST', `/api/instances/${id}/redeploy`, { token })).status).toBe(202);
    expect((await settled(id)).status).toBe('running');
  }, 300_000);

  it('fails naming the health check when Odoo never answers, and an update to a good version recovers it', async () => {
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId, name: 'Silent', odooVersion: '16.0', workers: 1 },
    });
    const id: string = created.body.instanceId;
    made.push(id);
    const failed = await settled(id);
    expect(failed).toMatchObject({ status: 'failed', failedStep: 'wait for /web/health' });
    expect(failed.failureReason).toContain('no answer within 15 s');
    const retried = await t.api('PUT', `/api/instances/${id}`, { token, body: { odooVersion: '17.0' } });
    expect(retried.body.operation, JSON.stringify(retried.body)).toMatchObject({ kind: 'update' });
    expect((await settled(id)).status).toBe('running');
  }, 300_000);
});
