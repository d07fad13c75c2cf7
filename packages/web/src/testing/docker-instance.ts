/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { instanceProxy, runtimeNames, sharedPostgres } from '@ocore/core';
import { loadConfig, localContainerRuntime, startApp, type App } from '@ocore/server';
import { webDist } from './browser-env';
import { callApi, inviteAndAccept, signUp, testPassword } from './browser-harness';

/*
 * What the browser suites on a real instance share (`*.docker.browser.test.ts`, run under the
 * engine lock): a server whose every server is this machine's Docker Engine, running the Odoo
 * stand-in the server's Docker tests build (packages/server/test-images), and the clean-up of
 * what provisioning left on the engine.
 */

/** The images the server's Docker tests build (the Odoo stand-in, PostgreSQL, the proxy's nginx). */
export const testImages = {
  odoo: 'ocore-test/odoo:18',
  postgres: 'ocore-test/postgres:15',
  nginx: 'ocore-test/nginx:1.22',
} as const;

/** A TCP port free on loopback now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `docker` with `args`; its output (throws when it fails). */
export function docker(...args: string[]): string {
  return execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

/** Runs `docker` with `args`; its output, or '' when it fails (clean-up of what may be gone already). */
export function dockerQuiet(...args: string[]): string {
  try {
    return docker(...args);
  } catch {
    return '';
  }
}

/** The built dashboard's server (with `env` on top), every server of it the local engine through its socket. */
export async function startDockerApp(env: Record<string, string> = {}): Promise<App> {
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

/** Registers the local engine as a server of `token`'s organization and starts provisioning an instance there; its id. */
export async function createLocalInstance(app: App, token: string, name: string): Promise<string> {
  const serverId = await addLocalServer(app.url, token);
  const created = await callApi(app.url, '/instances', {
    method: 'POST',
    token,
    body: { serverId, name, odooVersion: '18.0', workers: 1 },
  });
  if (created.status !== 202) throw new Error(`creating the instance failed: ${JSON.stringify(created.body)}`);
  return (created.body as { instanceId: string }).instanceId;
}

/** Resolves once the instance runs; throws when its provisioning failed. */
export async function waitUntilRunning(app: App, token: string, instanceId: string): Promise<void> {
  for (let status = ''; status !== 'running';) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const got = (await callApi(app.url, `/instances/${instanceId}`, { token })).body as { status: string };
    if (got.status === 'failed') throw new Error(`the instance failed: ${JSON.stringify(got)}`);
    status = got.status;
  }
}

/** The Odoo container's name on the engine. */
export const containerOf = (instanceId: string) => runtimeNames({ id: instanceId, organizationId: '' }).container;

/**
 * Removes what provisioning made on the engine: the instances' containers and volumes, the
 * shared PostgreSQL, the proxy and the client networks (the engine lock keeps anyone else's tests off them).
 */
export function removeProvisioned(instanceIds: readonly string[]): void {
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

/** An agency, one of its clients with a running instance, and a person of that client in its portal. */
export interface ClientOnInstance {
  app: App;
  /** The agency's Owner. */
  ownerToken: string;
  clientId: string;
  /** The agency's Owner switched into the client: an operator, never blocked by the portal's switches. */
  operatorToken: string;
  /** The client's member, invited by the operator. */
  memberToken: string;
  instanceId: string;
  close(): Promise<void>;
}

/**
 * Starts the server (`env` on top), makes `owner` an agency with the client `clientName`,
 * provisions an instance of the client on the local engine and makes `member` a member of the
 * client with `role` meanwhile. Resolves once the instance runs.
 */
export async function startClientOnInstance(options: {
  owner: { name: string; email: string };
  member: { name: string; email: string };
  role: string;
  clientName?: string;
  env?: Record<string, string>;
}): Promise<ClientOnInstance> {
  const app = await startDockerApp(options.env);
  const instanceIds: string[] = [];
  const close = async () => {
    await app.close();
    removeProvisioned(instanceIds);
  };
  try {
    const ownerToken = await signUp(app.url, options.owner);
    const as = async (token: string, path: string, body?: unknown) => {
      const answer = await callApi(app.url, path, { method: 'POST', token, ...(body ? { body } : {}) });
      if (answer.status >= 400) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as Record<string, string>;
    };
    await as(ownerToken, '/agency/enable');
    const clientId = (await as(ownerToken, '/agency/clients', { name: options.clientName ?? 'Acme Corp' })).id!;
    const operatorToken = (await as(ownerToken, '/auth/switch-org', { organizationId: clientId })).token!;
    const instanceId = await createLocalInstance(app, operatorToken, 'Shop');
    instanceIds.push(instanceId);
    await signUp(app.url, options.member);
    const memberToken = await inviteAndAccept(app, operatorToken, {
      email: options.member.email,
      password: testPassword,
      role: options.role,
    });
    await waitUntilRunning(app, operatorToken, instanceId);
    return { app, ownerToken, clientId, operatorToken, memberToken, instanceId, close };
  } catch (error) {
    await close();
    throw error;
  }
}
