/**
 * An instance of the Odoo stand-in on the local engine, with the control plane in this process
 * reaching the engine through its socket (no SSH). Needs the images the server's docker tests
 * build (`ocore-test/odoo:18`, `ocore-test/postgres:15`); run under the docker lock.
 */
import { execFileSync } from 'node:child_process';
import { loadConfig, localContainerRuntime, startApp } from '../../packages/server/dist/index.js';
import { onCleanup, sleep, tempDir } from './harness.js';

const quiet = (...args: string[]) => {
  try {
    execFileSync('docker', args, { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
};

export interface LocalInstance {
  url: string;
  token: string;
  instanceId: string;
  container: string;
  call: (path: string, body?: unknown) => Promise<Record<string, any>>;
}

export async function startLocalInstance(name: string, env: Record<string, string> = {}): Promise<LocalInstance> {
  const image = `ocore-bench-${name}/odoo:18`;
  execFileSync('docker', ['build', '--network', 'host', '-q', '-t', image, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    OCORE_DATA_DIR: tempDir(name),
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: 'x'.repeat(40),
    OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    OCORE_INSTANCE_ODOO_IMAGE: image,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    ...env,
  });
  const app = await startApp(config, { runtimes: { forServer: () => localContainerRuntime() } });
  onCleanup(() => app.close());
  let token = '';
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${app.url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Record<string, any>;
  };
  token = (
    await call('/auth/signup', { name: 'Bench', email: 'bench@example.com', password: 'a long enough password' })
  )['token'];
  const server = await call('/servers', {
    name: 'local',
    host: '127.0.0.1',
    sshPassword: 'unused',
    capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
  });
  const { instanceId } = await call('/instances', {
    serverId: server['id'],
    name: 'Bench',
    odooVersion: '18.0',
    workers: 1,
  });
  const short = String(instanceId).replace(/-/g, '').slice(0, 12);
  onCleanup(() => {
    quiet('rm', '-f', `ocore-odoo-${short}`, 'ocore-postgres');
    quiet('volume', 'rm', `ocore-odoo-${short}-data`, `ocore-odoo-${short}-addons`, 'ocore-postgres-data');
    quiet('rmi', image);
  });
  for (let status = ''; status !== 'running'; await sleep(1000)) {
    status = (await call(`/instances/${instanceId}`))['status'];
    if (status === 'failed') throw new Error('the instance failed to start');
  }
  return { url: app.url, token, instanceId: String(instanceId), container: `ocore-odoo-${short}`, call };
}
