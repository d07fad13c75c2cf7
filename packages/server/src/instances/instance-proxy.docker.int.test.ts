import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { applyProxyConfig, instanceProxy, runtimeNames, sharedPostgres } from '@ocore/core';
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
 * Instances on their hostnames, on a real engine over SSH: the server's nginx proxy
 * (`ocore-test/nginx`, Debian's nginx) published on 127.0.0.1 and a free port, asked with
 * the instance's Host header as `curl --resolve` would; and the health job against a
 * container killed by hand.
 */
const repo = 'ocore-test-proxy/odoo';
let f: RuntimeFixture;
let t: TestApp;
let token: string;
let serverId: string;
let port: number;
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
  // As in instance-lifecycle: the stand-in as built copies odoo.py without its exec bit.
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: `FROM ${testImages.odoo(18)}\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n`,
  });
  port = await freePort();
  t = await startTestApp({
    OCORE_INSTANCE_BASE_DOMAIN: 'apps.test',
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
    OCORE_PROXY_IMAGE: testImages.nginx,
    OCORE_PROXY_HOST_IP: '127.0.0.1',
    OCORE_PROXY_HTTP_PORT: String(port),
  });
  token = (await t.signup()).token;
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
  dockerQuiet('rm', '-f', instanceProxy.container, sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('network', 'rm', instanceProxy.network);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
}, 120_000);

type Instance = { id: string; status: string; failedStep: string | null; failureReason: string | null; url: string };

const get = async (id: string): Promise<Instance> => (await t.api('GET', `/api/instances/${id}`, { token })).body;

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

/** GET through the proxy on 127.0.0.1 with the hostname's Host header (curl --resolve); the status, or 101 for an upgrade. */
function viaProxy(hostname: string, path: string, upgrade = false): Promise<number> {
  const headers: Record<string, string> = { host: `${hostname}:${port}` };
  if (upgrade)
    Object.assign(headers, {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version': '13',
    });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, timeout: 10_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Waits until the proxy answers `status` for the path (a reload takes effect within moments). */
const answers = (hostname: string, path: string, status: number) =>
  eventually(`${hostname}${path} to answer ${status}`, async () =>
    (await viaProxy(hostname, path)) === status ? status : undefined,
  );

const proxyConfig = () => docker('exec', instanceProxy.container, 'cat', '/etc/nginx/nginx.conf');

describe('instances on their hostnames, through the proxy', () => {
  it('routes the hostname from running, answers 503 while stopped, again once started, and forgets it once deleted', async () => {
    const template = await t.api('POST', '/api/templates', {
      token,
      body: { name: 'Shop', odooVersion: '18.0', defaultWorkers: 2, moduleList: ['sale'] },
    });
    const created = await t.api('POST', `/api/templates/${template.body.id}/provision`, {
      token,
      body: { serverId, name: 'Acme Shop' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    made.push(id);
    const names = runtimeNames(created.body);
    const host = 'acme-shop.apps.test';
    expect(created.body.url).toBe(`http://${host}:${port}`);
    expect(await settled(id)).toMatchObject({ status: 'running', failedStep: null });

    expect(await answers(host, '/web/login', 200)).toBe(200);
    // As the README says to try it: curl resolving the hostname to the server.
    const curl = execFileSync('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--resolve',
      `${host}:${port}:127.0.0.1`,
      `${created.body.url as string}/web/login`,
    ]).toString();
    expect(curl).toBe('200');
    expect(await viaProxy(host, '/websocket', true)).toBe(101);
    expect(await viaProxy('nobody.apps.test', '/web/login')).toBe(404);
    expect(docker('port', instanceProxy.container).trim()).toBe(`80/tcp -> 127.0.0.1:${port}`);

    expect((await t.api('POST', `/api/instances/${id}/stop`, { token })).status).toBe(202);
    expect((await settled(id)).status).toBe('stopped');
    expect(await answers(host, '/web/login', 503)).toBe(503);

    expect((await t.api('POST', `/api/instances/${id}/start`, { token })).status).toBe(202);
    expect(await settled(id)).toMatchObject({ status: 'running', failureReason: null });
    expect(await answers(host, '/web/login', 200)).toBe(200);

    expect((await t.api('DELETE', `/api/instances/${id}`, { token })).status).toBe(202);
    await eventually('the instance to be removed', async () =>
      (await t.api('GET', `/api/instances/${id}`, { token })).status === 404 ? true : undefined,
    );
    expect(await f.runtime.inspectContainer(names.container)).toBeUndefined();
    expect(await f.runtime.listVolumes({ 'ocore.instance': id })).toEqual([]);
    expect(proxyConfig()).not.toContain(host);
    expect(await answers(host, '/web/login', 404)).toBe(404);
    // The client's last instance on the server is gone: the proxy and PostgreSQL left its network, and it is removed.
    expect((await f.runtime.inspectContainer(instanceProxy.container))?.networks).not.toContain(names.network);
    expect((await f.runtime.inspectContainer(sharedPostgres.container))?.networks).not.toContain(names.network);
    expect(docker('network', 'ls', '-q', '--filter', `name=^${names.network}$`).trim()).toBe('');
    // Nothing of it is left in the proxy's directory either (no candidate configs).
    expect(docker('exec', instanceProxy.container, 'ls', '/etc/nginx').split('\n')).not.toContainEqual(
      expect.stringMatching(/^ocore-next-/),
    );
  }, 300_000);

  it('marks an instance whose container was killed, and it recovers: by itself, and by start', async () => {
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId, name: 'Health', odooVersion: '18.0', workers: 1 },
    });
    const id: string = created.body.instanceId;
    made.push(id);
    const container = runtimeNames({ id, organizationId: '' }).container;
    expect(await settled(id)).toMatchObject({ status: 'running', failureReason: null });
    await answers('health.apps.test', '/web/login', 200);

    docker('kill', container);
    await t.app.jobs!.runNow('instance-health');
    const failed = await eventually('the health job to mark it', async () => {
      const instance = await get(id);
      return instance.status === 'failed' ? instance : undefined;
    });
    expect(failed).toMatchObject({ failedStep: 'health check', failureReason: expect.stringContaining('exited') });
    expect(await answers('health.apps.test', '/web/login', 502)).toBe(502);

    // Started by hand on the server: the job sees it answer and brings it back.
    docker('start', container);
    await eventually(
      'the health job to bring it back',
      async () => {
        await t.app.jobs!.runNow('instance-health');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return (await get(id)).status === 'running' ? true : undefined;
      },
      90_000,
    );
    expect(await get(id)).toMatchObject({ failedStep: null, failureReason: null });

    // Killed again, and started by the user.
    docker('kill', container);
    await t.app.jobs!.runNow('instance-health');
    await eventually('the health job to mark it again', async () =>
      (await get(id)).status === 'failed' ? true : undefined,
    );
    expect((await t.api('POST', `/api/instances/${id}/start`, { token })).status).toBe(202);
    expect(await settled(id)).toMatchObject({ status: 'running', failedStep: null });
    expect(await answers('health.apps.test', '/web/login', 200)).toBe(200);
  }, 300_000);

  it('never leaves a config nginx refuses: the last good one keeps serving', async () => {
    const good = proxyConfig();
    // Longer than nginx's server-name buckets: refused by `nginx -t`, not by the renderer.
    const tooLong = `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.apps.test`;
    const refused = await applyProxyConfig(f.runtime, [
      { hostname: tooLong, container: 'ocore-odoo-0123456789ab', stopped: false },
    ]).catch((err: unknown) => err);
    expect(refused).toMatchObject({
      step: 'check proxy configuration',
      message: expect.stringContaining('server_names_hash') as unknown,
    });
    expect(proxyConfig()).toBe(good);
    expect(docker('exec', instanceProxy.container, 'ls', '/etc/nginx')).not.toMatch(/ocore-next-/);
    expect(await answers('health.apps.test', '/web/login', 200)).toBe(200);
  }, 120_000);
});
