/**
 * Keystroke echo through the web terminal: one character sent over the /terminal WebSocket
 * until bash's echo of it comes back, against a bare `docker exec` session (the Engine API's
 * exec with a TTY, as `docker exec -it` opens it, straight through dockerode) in the same
 * container and the same run. Target (issue 22): p99 ≤ 30 ms on loopback.
 *
 * Needs the local engine and the Odoo stand-in images the server's docker tests build
 * (`ocore-test/odoo:18`, `ocore-test/postgres:15`); run it under the docker lock. The control
 * plane runs in this process and reaches the engine through the local socket (no SSH), as the
 * baseline does, so the difference is the control plane and its WebSocket.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { ExecSession } from '../packages/core/dist/index.js';
import { loadConfig, localContainerRuntime, startApp } from '../packages/server/dist/index.js';
import { distribution, onCleanup, requireBuilt, runBench, sleep, tempDir } from './lib/harness.js';
import { ratioOf, report } from './lib/report.js';

const samples = Number(process.env['BENCH_SAMPLES'] ?? 500);
const image = 'ocore-bench-terminal/odoo:18';
const quiet = (...args: string[]) => {
  try {
    execFileSync('docker', args, { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
};

/** Times `samples` keystrokes: `send` one character, resolve when output arrives. */
async function time(send: (text: string) => void, next: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples + 20; i++) {
    if (i % 40 === 0) {
      send('\x15'); // Ctrl-U: an empty line again, whatever was echoed
      await sleep(50);
    }
    const started = performance.now();
    const echoed = next();
    send('x');
    await echoed;
    if (i >= 20) times.push(performance.now() - started);
  }
  return times;
}

/** A promise of the next output chunk, renewed after each. */
function outputWaiter(subscribe: (listener: () => void) => void): () => Promise<void> {
  let waiting: (() => void) | undefined;
  subscribe(() => {
    waiting?.();
    waiting = undefined;
  });
  return () => new Promise((resolve) => (waiting = resolve));
}

async function startInstance() {
  execFileSync('docker', ['build', '-q', '-t', image, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    OCORE_DATA_DIR: tempDir('terminal'),
    LOG_LEVEL: 'silent',
    OCORE_JWT_SECRET: 'x'.repeat(40),
    OCORE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    OCORE_INSTANCE_ODOO_IMAGE: image,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
  });
  const app = await startApp(config, { runtimes: { forServer: () => localContainerRuntime() } });
  onCleanup(() => app.close());
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${app.url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as Record<string, any>;
  };
  const { token } = await call('/auth/signup', {
    name: 'Bench',
    email: 'bench@example.com',
    password: 'a long enough password',
  });
  const server = await call(
    '/servers',
    {
      name: 'local',
      host: '127.0.0.1',
      sshPassword: 'unused',
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 2 },
    },
    token,
  );
  const { instanceId } = await call(
    '/instances',
    { serverId: server['id'], name: 'Bench', odooVersion: '18.0', workers: 1 },
    token,
  );
  const short = String(instanceId).replace(/-/g, '').slice(0, 12);
  onCleanup(() => {
    quiet('rm', '-f', `ocore-odoo-${short}`, 'ocore-postgres');
    quiet('volume', 'rm', `ocore-odoo-${short}-data`, `ocore-odoo-${short}-addons`, 'ocore-postgres-data');
    quiet('rmi', image);
  });
  for (let status = ''; status !== 'running'; await sleep(1000)) {
    status = (await call(`/instances/${instanceId}`, undefined, token))['status'];
    if (status === 'failed') throw new Error('the instance failed to start');
  }
  return { app, token, instanceId: String(instanceId), container: `ocore-odoo-${short}` };
}

async function viaWebSocket(url: string, token: string, instanceId: string): Promise<number[]> {
  const res = await fetch(`${url}/api/instances/${instanceId}/terminal`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'shell' }),
  });
  const { ticket } = (await res.json()) as { ticket: string };
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/terminal`);
  await new Promise((resolve) => socket.once('open', resolve));
  const ready = new Promise((resolve) => socket.on('message', (_d, binary) => !binary && resolve(undefined)));
  socket.send(JSON.stringify({ ticket, token }));
  await ready;
  await sleep(500);
  const next = outputWaiter((listener) => socket.on('message', (_d, binary) => binary && listener()));
  const times = await time((text) => socket.send(Buffer.from(text), { binary: true }), next);
  socket.close();
  return times;
}

async function viaBareExec(container: string): Promise<number[]> {
  const session: ExecSession = await localContainerRuntime().openSession(container, {
    command: ['/bin/bash', '--login'],
    user: 'odoo',
    columns: 80,
    rows: 24,
  });
  let listener: (() => void) | undefined;
  void (async () => {
    for await (const _chunk of session.output) listener?.();
  })().catch(() => undefined); // closing the session ends its output early
  await sleep(500);
  const times = await time(
    session.write,
    outputWaiter((l) => (listener = l)),
  );
  session.close();
  return times;
}

runBench(async () => {
  requireBuilt();
  const { app, token, instanceId, container } = await startInstance();
  // Alternating rounds, so that a slow moment of the machine weighs on both.
  const ws: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 2; round++) {
    bare.push(...(await viaBareExec(container)));
    ws.push(...(await viaWebSocket(app.url, token, instanceId)));
  }
  const [w, b] = [distribution(ws), distribution(bare)];
  report({
    bench: 'terminal-echo',
    setup: `${ws.length} keystrokes each, one at a time, into bash in an instance's container (the Odoo stand-in) on the local engine: through the /terminal WebSocket against a bare exec session (dockerode, Engine API) in the same run, alternating in 2 rounds`,
    figures: [
      {
        metric: 'keystroke echo p99',
        value: w.p99,
        unit: 'ms',
        baseline: { name: 'bare docker exec', value: b.p99 },
        ratio: ratioOf(w.p99, b.p99),
        target: { text: '≤ 30 ms', met: w.p99 <= 30 },
      },
      {
        metric: 'keystroke echo p50',
        value: w.p50,
        unit: 'ms',
        baseline: { name: 'bare docker exec', value: b.p50 },
        ratio: ratioOf(w.p50, b.p50),
      },
    ],
  });
});
