/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { instanceProxy, runtimeNames, sharedPostgres } from '@ocore/core';
import { loadConfig, localContainerRuntime, startApp, type App } from '@ocore/server';
import { webDist } from './browser-env';
import { callApi } from './browser-harness';

/*
 * What the `*.docker.browser.test.ts` suites share: the built dashboard's server driving this
 * machine's engine for every server, with the images the server's Docker tests build (the Odoo
 * stand-in, PostgreSQL, the proxy's nginx), and the cleanup of what their instances leave.
 * They run under the engine lock: `flock /tmp/ocore-docker.lock npx vitest run <file>`.
 */

export const testImages = {
  odoo: 'ocore-test/odoo:18',
  postgres: 'ocore-test/postgres:15',
  nginx: 'ocore-test/nginx:1.22',
} as const;

/** A docker command's output, or '' when it fails (cleanup of what may not be there). */
export function dockerQuiet(...args: string[]): string {
  try {
    return execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  } catch {
    return '';
  }
}

/** A TCP port free on loopback now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The dashboard's server on an in-memory database where every server is this machine's engine,
 * through its socket; `env` adds to (or overrides) the test settings.
 */
export async function startDockerDashboard(env: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    OCORE_PASSWORD_HASH: 'fast-for-tests',
    ...process.env,
    PORT: '0',
    OCORE_DATA_DIR: 'memory',
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: 'x'.repeat(40),
    OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    OCORE_INSTANCE_ODOO_IMAGE: testImages.odoo,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
    ...env,
  });
  return startApp({ ...config, webDir: webDist }, { runtimes: { forServer: () => localContainerRuntime() } });
}

/** Registers "the server" (the local engine: its socket needs no login) in the token's organization; answers its id. */
export async function addLocalServer(url: string, token: string, name = 'local'): Promise<string> {
  const server = await callApi(url, '/servers', {
    method: 'POST',
    token,
    body: {
      name,
      host: '127.0.0.1',
      sshPassword: 'the local socket needs none',
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
    },
  });
  if (server.status !== 201) throw new Error(`adding the server failed: ${JSON.stringify(server.body)}`);
  return (server.body as { id: string }).id;
}

/** Waits until the instance runs; throws with the instance when it fails. */
export async function waitUntilRunning(url: string, token: string, instanceId: string): Promise<void> {
  for (let status = ''; status !== 'running';) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const got = (await callApi(url, `/instances/${instanceId}`, { token })).body as { status: string };
    if (got.status === 'failed') throw new Error(`the instance failed: ${JSON.stringify(got)}`);
    status = got.status;
  }
}

/**
 * Removes what the instances left on the engine (container, volumes), the shared PostgreSQL,
 * the proxy and the client networks: the suites' own, made under the engine lock.
 */
export function removeInstanceLeftovers(instanceIds: readonly string[]): void {
  for (const id of instanceIds.filter(Boolean)) {
    const names = runtimeNames({ id, organizationId: '' });
    dockerQuiet('rm', '-f', names.container);
    dockerQuiet('volume', 'rm', names.filestore, names.addons);
  }
  dockerQuiet('rm', '-f', sharedPostgres.container, instanceProxy.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume, instanceProxy.dataVolume);
  dockerQuiet('network', 'rm', instanceProxy.network);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
}
