/**
 * The control plane of the instance benchmarks, in the bench's process: PGlite, the engine
 * reached over SSH (Debian's sshd on loopback, the server's key, as in production) through the
 * runtime fixture of the server's docker tests, the Odoo stand-in and PostgreSQL test images
 * (built on first use). A signed-up owner and one checked server. Everything is removed at cleanup.
 */
import { execFileSync } from 'node:child_process';
import { sharedPostgres } from '../../packages/core/dist/index.js';
import { loadConfig, startApp } from '../../packages/server/dist/index.js';
import { startRuntimeFixture } from '../../packages/server/src/runtime/testing/runtime-fixture.js';
import { testImages } from '../../packages/server/src/runtime/testing/test-images.js';
import { onCleanup, tempDir } from './harness.js';

export const benchOdooImage = 'ocore-bench-instances/odoo:18';
export const docker = (...args: string[]) =>
  execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
export const quiet = (...args: string[]) => {
  try {
    docker(...args);
  } catch {
    // Already gone.
  }
};

export async function startControlPlane(env: Record<string, string> = {}) {
  const fixture = await startRuntimeFixture();
  onCleanup(() => fixture.cleanup());
  // The stand-in as built copies odoo.py without its exec bit; this restores it, nothing else.
  execFileSync('docker', ['build', '-q', '-t', benchOdooImage, '-'], {
    input: `FROM ${testImages.odoo(18)}\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n`,
  });
  onCleanup(() => quiet('rmi', benchOdooImage));
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    OCORE_DATA_DIR: tempDir('instances'),
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: 'x'.repeat(40),
    OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    OCORE_INSTANCE_ODOO_IMAGE: benchOdooImage,
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    ...env,
  });
  const app = await startApp(config);
  onCleanup(() => app.close());
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const ask = () =>
      fetch(`${app.url}/api${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    // A kept-alive connection the server closed while idle (its 5 s timeout, between runs) is
    // reset when reused: the request never reached the server, so it is sent again once.
    const res = await ask().catch((error: { cause?: { code?: string } }) => {
      if (error.cause?.code === 'ECONNRESET') return ask();
      throw error;
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, any> };
  };
  const { token } = (
    await call('POST', '/auth/signup', {
      name: 'Bench',
      email: 'bench@example.com',
      password: 'a long enough password',
    })
  ).body;
  const server = await call(
    'POST',
    '/servers',
    {
      name: 'loopback',
      host: fixture.sshd.host,
      port: fixture.sshd.port,
      sshUser: fixture.sshd.user,
      sshPrivateKey: fixture.sshd.privateKey,
      capacity: { cpuCores: 2, memoryMb: 8192, maxInstances: 50 },
      // A private engine (bench/netns-engine.sh: its own network namespace, DOCKER_HOST for the CLI).
      ...(process.env['BENCH_DOCKER_SOCKET'] ? { dockerSocket: process.env['BENCH_DOCKER_SOCKET'] } : {}),
    },
    token,
  );
  const checked = await call('POST', `/servers/${server.body['id']}/check`, undefined, token);
  if (checked.body['status'] !== 'active') throw new Error(`the server is ${checked.body['status']}`);
  onCleanup(() => {
    quiet('rm', '-f', sharedPostgres.container, 'ocore-proxy');
    quiet('volume', 'rm', sharedPostgres.volume);
    for (const net of docker('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
      quiet('network', 'rm', net);
  });
  return { app, call, token: String(token), serverId: String(server.body['id']) };
}

export type ControlPlane = Awaited<ReturnType<typeof startControlPlane>>;
