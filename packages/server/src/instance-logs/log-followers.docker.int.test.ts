import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { runtimeNames, sharedPostgres, type ContainerRuntime, type LogOptions } from '@ocore/core';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDockerRuntimes } from '../runtime/docker-runtimes.js';
import {
  eventually,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { testImages } from '../runtime/testing/test-images.js';
import type { AppRouter } from '../trpc/app.router.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * 100 followers of one instance's live log on a real engine over SSH (loopback sshd): every one
 * gets every line written in the container, in order, while the control plane asks the engine
 * for one follow stream (the hub in core shares it) and closes it after the last follower.
 * Every wait is on a condition, with limits sized for a loaded machine, not on a sleep.
 */
const repo = 'ocore-test-followers/odoo';
const followerCount = 100;
const perConnection = 10;
let f: RuntimeFixture;
let t: TestApp;
let token: string;
let instanceId: string;
let container: string;
const closers: (() => unknown)[] = [];

/** Follow streams the control plane has asked the engine for: open now, and ever. */
const engineStreams = { open: 0, opened: 0, maxOpen: 0 };
const runtimes = createDockerRuntimes({ connectTimeoutMs: 30_000 });

/** The real runtime of each server, counting its `logs --follow` streams on the way. */
function counted(runtime: ContainerRuntime): ContainerRuntime {
  return new Proxy(runtime, {
    get(target, key, receiver) {
      if (key !== 'logs') return Reflect.get(target, key, receiver) as unknown;
      return (name: string, options: LogOptions) =>
        options.follow ? countedStream(target.logs(name, options)) : target.logs(name, options);
    },
  });
}

async function* countedStream<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  engineStreams.open += 1;
  engineStreams.opened += 1;
  engineStreams.maxOpen = Math.max(engineStreams.maxOpen, engineStreams.open);
  try {
    yield* source;
  } finally {
    engineStreams.open -= 1;
  }
}

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
  // The stand-in copies odoo.py without its exec bit (see the lifecycle test): restored here.
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: `FROM ${testImages.odoo(18)}\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n`,
  });
  t = await startTestApp(
    {
      OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
      OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
      OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '120',
      OCORE_STREAMS_PER_USER: String(followerCount),
      OCORE_STREAMS_PER_CONNECTION: String(perConnection),
    },
    { runtimes: { forServer: (target) => counted(runtimes.forServer(target)) } },
  );
  token = (await t.signup('Log Follower')).token;
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
  const created = await t.api('POST', '/api/instances', {
    token,
    body: { serverId: server.body.id, name: 'Followed', odooVersion: '18.0', workers: 1 },
  });
  expect(created.status).toBe(202);
  instanceId = created.body.instanceId;
  container = runtimeNames({ id: instanceId, organizationId: '' }).container;
  await eventually(
    'the instance to run',
    async () => {
      const got = (await t.api('GET', `/api/instances/${instanceId}`, { token })).body;
      if (got.status === 'failed') throw new Error(`${got.failedStep}: ${got.failureReason}`);
      return got.status === 'running' ? got : undefined;
    },
    // Provisioning took 25 s at a load average of 30 on 2 cores; a deploy waits at most 120 s for health.
    300_000,
  );
}, imagesTimeoutMs);

afterAll(async () => {
  for (const close of closers) await close();
  await t?.close();
  runtimes.closeAll();
  dockerQuiet('rm', '-f', container);
  const names = runtimeNames({ id: instanceId ?? '', organizationId: '' });
  dockerQuiet('volume', 'rm', names.filestore, names.addons);
  dockerQuiet('rm', '-f', sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
}, 120_000);

/** Why each connection closed before the test closed it (code and reason): said when a follower is late. */
const closes: string[][] = [];

function connection(_: unknown, index: number) {
  const closed: string[] = (closes[index] = []);
  const ws = createWSClient({
    url: `${t.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
    onClose: (cause) => closed.push(`${cause?.code ?? '?'}`),
  });
  closers.push(() => ws.close());
  return createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
}

interface Follower {
  texts: string[];
  failure: string | undefined;
  stop: () => void;
}

/**
 * Follows the instance's log; resolves once the server said the subscription started, and
 * fails saying so when it did not within two minutes (rather than the test's whole time).
 */
function follow(trpc: ReturnType<typeof connection>, index: number): Promise<Follower> {
  return new Promise((resolve, reject) => {
    const follower: Follower = { texts: [], failure: undefined, stop: () => undefined };
    const closed = closes[index % closes.length] ?? [];
    const late = setTimeout(
      () =>
        reject(
          new Error(
            `follower ${index} did not start within 120 s (its connection closed ${closed.length} times: ${closed.join(', ')})`,
          ),
        ),
      120_000,
    );
    const sub = trpc.instanceLogs.follow.subscribe(
      { id: instanceId },
      {
        onStarted: () => {
          clearTimeout(late);
          resolve(follower);
        },
        onData: (line) => follower.texts.push(line.text),
        onError: (error) => {
          follower.failure = error.message;
          reject(error);
        },
      },
    );
    follower.stop = () => sub.unsubscribe();
    closers.push(follower.stop);
  });
}

/**
 * Writes lines to the Odoo process's stdout in one exec, as Odoo's own logging would; without
 * blocking this process, where the server delivers them.
 */
async function writeLines(texts: string[]): Promise<void> {
  const script = texts.map((text) => `echo "2026-12-07 10:00:00,000 1 INFO db odoo.test: ${text}"`).join('; ');
  await promisify(execFile)('docker', ['exec', container, 'sh', '-c', `{ ${script}; } > /proc/1/fd/1`]);
}

describe('100 followers of one instance log on a real engine', () => {
  it('delivers every line to every follower over one engine stream, closed after the last', async () => {
    const connections = Array.from({ length: followerCount / perConnection }, connection);
    const followers = await Promise.all(
      Array.from({ length: followerCount }, (_, i) => follow(connections[i % connections.length]!, i)),
    );

    // A follower is attached to the hub a moment after "started": until each has seen a line,
    // a probe line is written again (no fixed sleep).
    let probe = 0;
    await eventually(
      'every follower to read a probe line',
      async () => {
        if (followers.every((one) => one.texts.some((text) => text.includes('probe-')))) return true;
        await writeLines([`probe-${probe++}`]);
        return undefined;
      },
      120_000,
    );

    const marked = Array.from({ length: 20 }, (_, i) => `line-${i}-of-20`);
    await writeLines(marked);
    const expected = marked.map((text) => `2026-12-07 10:00:00,000 1 INFO db odoo.test: ${text}`);
    const got = (one: Follower) => one.texts.filter((text) => text.includes('-of-20'));
    await eventually(
      'every follower to read the 20 lines',
      async () => (followers.every((one) => got(one).length >= expected.length) ? true : undefined),
      120_000,
    );
    for (const one of followers) {
      expect(one.failure).toBeUndefined();
      expect(got(one)).toEqual(expected);
    }
    expect(engineStreams).toMatchObject({ open: 1, opened: 1, maxOpen: 1 });
    expect(t.app.deps.instanceLogs.openStreams()).toBe(1);

    // The engine stream stays open while one follower is left, and closes after the last.
    for (const one of followers.slice(1)) one.stop();
    await writeLines(['after-99-left']);
    await eventually(
      'the last follower to read on',
      async () => (followers[0]!.texts.some((text) => text.includes('after-99-left')) ? true : undefined),
      60_000,
    );
    expect(engineStreams.open).toBe(1);
    followers[0]!.stop();
    await eventually(
      'the engine stream to close',
      async () => (engineStreams.open === 0 && t.app.deps.instanceLogs.openStreams() === 0 ? true : undefined),
      60_000,
    );
    expect(engineStreams.opened).toBe(1);
  }, 400_000);
});
