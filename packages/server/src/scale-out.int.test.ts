import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import pg from 'pg';
import { utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from './trpc/app.router.js';
import { pickFreePorts, spawnManaged, waitUntilReady, type ManagedProcess } from './testing/acme/managed-process.js';
import { testJwtSecret, testMasterKey } from './testing/test-app.js';
import { createTestPostgresDatabase, testDbKind } from './testing/test-database.js';

/*
 * Three server processes of the built server on one PostgreSQL, behind haproxy: the way
 * users scale out. Real processes, so that one can be killed with SIGKILL.
 */

const mainJs = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
const runs =
  testDbKind() === 'postgres' && ((existsSync('/usr/sbin/haproxy') && existsSync(mainJs)) || process.env.CI === 'true');
if (testDbKind() === 'postgres' && !runs)
  console.warn('[scale-out] SKIPPED: needs haproxy (apt-get install haproxy) and the built server (pnpm build)');

interface Replica {
  url: string;
  proc: ManagedProcess;
}

let db: { url: string; drop(): Promise<void> };
let work: string;
const replicas: Replica[] = [];
let proxy: ManagedProcess;
let proxyUrl: string;
let silent: Server;
/** Connections the silent SSH server holds; once `cutting` they are cut, and new ones too. */
const held = new Set<Socket>();
let cutting = false;
const sockets: ReturnType<typeof createWSClient>[] = [];

async function startReplica(port: number, jobs = true): Promise<Replica> {
  const proc = spawnManaged(process.execPath, [mainJs], {
    PORT: String(port),
    OCORE_JOBS: jobs ? '1' : '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    OCORE_DATA_DIR: join(work, `r${port}`),
    LOG_LEVEL: 'warn',
    OCORE_JWT_SECRET: testJwtSecret,
    OCORE_MASTER_KEY: testMasterKey,
    OCORE_JOB_SUPERVISE_SECONDS: '2',
    OCORE_WEB_DIR: join(work, 'no-web'),
    OCORE_DEPLOY_DIR: join(work, 'deploy'),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`replica ${port}`, proc, async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 30_000 });
  return { url, proc };
}

async function api(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

type Seen = { id: string; type: string };

function follow(base: string, token: string, sink: Seen[]): Promise<void> {
  const ws = createWSClient({
    url: `${base.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
    retryDelayMs: () => 200,
  });
  sockets.push(ws);
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return new Promise((resolve) => {
    client.events.onOrgEvent.subscribe(undefined, {
      onStarted: () => resolve(),
      onData: (e) => sink.push({ id: e.id, type: e.data.type }),
    });
  });
}

/** One row per run of a deployment job: how often each ran, and how it ended. */
async function deployJobs(): Promise<{ deploymentId: string; state: string; retryCount: number }[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select data->>'deploymentId' as "deploymentId", state, retry_count as "retryCount" from pgboss.job where name = 'topology-deploy'`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe.runIf(runs)('three replicas on one PostgreSQL behind haproxy', () => {
  beforeAll(async () => {
    db = await createTestPostgresDatabase();
    work = mkdtempSync(join(tmpdir(), 'ocore-scale-'));
    const [p1, p2, p3, proxyPort, p4] = await pickFreePorts(5);
    spare = p4!;
    // Migrations run once; the others find them done. The first replica works no jobs, so
    // that the jobs in flight when the other two are killed are surely theirs.
    replicas.push(await startReplica(p1!, false));
    replicas.push(...(await Promise.all([startReplica(p2!), startReplica(p3!)])));
    // The third replica takes the traffic while it lives; then the first backup does.
    const cfg = join(work, 'haproxy.cfg');
    writeFileSync(
      cfg,
      [
        'defaults',
        '  mode http',
        '  timeout connect 2s',
        '  timeout client 60s',
        '  timeout server 60s',
        '  timeout tunnel 1h',
        'frontend fe',
        `  bind 127.0.0.1:${proxyPort}`,
        '  default_backend replicas',
        'backend replicas',
        '  option httpchk GET /healthz',
        `  server r1 127.0.0.1:${p1} check inter 200 fall 1 rise 1 backup`,
        `  server r2 127.0.0.1:${p2} check inter 200 fall 1 rise 1 backup`,
        `  server r3 127.0.0.1:${p3} check inter 200 fall 1 rise 1`,
        '',
      ].join('\n'),
    );
    proxy = spawnManaged('haproxy', ['-db', '-f', cfg]);
    proxyUrl = `http://127.0.0.1:${proxyPort}`;
    await waitUntilReady('haproxy', proxy, async () => (await fetch(`${proxyUrl}/healthz`)).ok);
    // Accepts SSH connections and never answers: a deployment node hangs until its timeout.
    silent = createServer((socket) => {
      if (cutting) return void socket.destroy();
      held.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => held.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    for (const ws of sockets) await ws.close();
    await proxy?.stop();
    await Promise.all(replicas.map((r) => r.proc.stop()));
    silent?.close();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  let token: string;
  let spare: number;

  it('delivers an event made on one replica to subscribers on every replica', async () => {
    const signup = await api(proxyUrl, 'POST', '/api/auth/signup', undefined, {
      email: `scale-${Date.now()}@example.com`,
      password: 'a long enough password',
      name: 'Scale',
    });
    token = signup.body.token;
    const sinks: Seen[][] = replicas.map(() => []);
    await Promise.all(replicas.map((r, i) => follow(r.url, token, sinks[i]!)));
    const renamed = await api(replicas[0]!.url, 'PUT', '/api/org', token, { name: 'Scaled Out' });
    expect(renamed.status).toBe(200);
    for (const sink of sinks) await expect.poll(() => sink.map((e) => e.type)).toEqual(['organization.updated']);
  });

  it('runs each deployment job exactly once, whichever replica sent it', async () => {
    const server = async (name: string) =>
      (
        await api(proxyUrl, 'POST', '/api/servers', token, {
          name,
          host: `${name}.internal`,
          capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 },
        })
      ).body.id as string;
    const [app, dbServer] = [await server('app'), await server('db')];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const topology = await api(proxyUrl, 'POST', '/api/topologies', token, {
        name: `T${i}`,
        topologyData: {
          nodes: [
            { id: 'odoo', kind: 'odoo', serverId: app },
            { id: 'pg', kind: 'postgres', serverId: dbServer },
          ],
          edges: [{ source: 'odoo', target: 'pg' }],
        },
      });
      // Sent through every replica in turn.
      const deployed = await api(replicas[i % 3]!.url, 'POST', `/api/topologies/${topology.body.id}/deploy`, token);
      expect(deployed.status).toBe(202);
      ids.push(deployed.body.id);
    }
    await expect
      .poll(async () => (await deployJobs()).filter((j) => j.state === 'completed').length, { timeout: 30_000 })
      .toBe(12);
    const jobs = await deployJobs();
    expect(jobs.map((j) => j.deploymentId).sort()).toEqual([...ids].sort());
    expect(jobs.every((j) => j.retryCount === 0)).toBe(true);
  });

  it('moves subscribers of a killed replica to another, which replays what they missed; its jobs resume elsewhere', async () => {
    // Through the proxy: on the third replica.
    const seen: Seen[] = [];
    await follow(proxyUrl, token, seen);
    await api(proxyUrl, 'PUT', '/api/org', token, { name: 'Before the fall' });
    await expect.poll(() => seen.length).toBe(1);

    // Deployments whose nodes hang on a server that never speaks SSH: jobs in flight.
    const key = utils.generateKeyPairSync('ed25519').private;
    const port = (silent.address() as { port: number }).port;
    const mute = async (name: string) =>
      (
        await api(proxyUrl, 'POST', '/api/servers', token, {
          name,
          host: '127.0.0.1',
          port,
          sshPrivateKey: key,
          capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 },
        })
      ).body.id as string;
    const [app, dbServer] = [await mute('mute-app'), await mute('mute-db')];
    const inFlight: string[] = [];
    for (let i = 0; i < 4; i++) {
      const topology = await api(proxyUrl, 'POST', '/api/topologies', token, {
        name: `Hang ${i}`,
        topologyData: {
          nodes: [
            { id: 'odoo', kind: 'odoo', serverId: app },
            { id: 'pg', kind: 'postgres', serverId: dbServer },
          ],
          edges: [{ source: 'odoo', target: 'pg' }],
        },
      });
      inFlight.push(
        (await api(replicas[i % 3]!.url, 'POST', `/api/topologies/${topology.body.id}/deploy`, token)).body.id,
      );
    }
    // Both working replicas busy: one deployment active on each.
    await expect
      .poll(
        async () =>
          (await deployJobs()).filter((j) => inFlight.includes(j.deploymentId) && j.state === 'active').length,
        { timeout: 10_000 },
      )
      .toBe(2);
    const activeAtKill = (await deployJobs())
      .filter((j) => inFlight.includes(j.deploymentId) && j.state === 'active')
      .map((j) => j.deploymentId);

    await replicas[2]!.proc.kill();
    await replicas[1]!.proc.kill();
    // From now on the SSH server refuses at once, so that resumed deployments end quickly.
    cutting = true;
    for (const socket of held) socket.destroy();
    // A new replica with a worker: the jobs of the dead ones come back to it.
    replicas.push(await startReplica(spare));
    // Changes while the subscriber is cut off, made on the surviving replica.
    for (const name of ['During one', 'During two', 'During three']) {
      expect((await api(replicas[0]!.url, 'PUT', '/api/org', token, { name })).status).toBe(200);
    }
    // A subscriber on a killed replica reconnects through haproxy and replays from its last id;
    // on a loaded CI machine the reconnect and the new replica's start take their time.
    await expect
      .poll(() => seen.filter((e) => e.type === 'organization.updated').length, { timeout: 45_000 })
      .toBe(4)
      .catch((err: unknown) => {
        throw new Error(`${String(err)}; events seen: ${JSON.stringify(seen)}`);
      });
    const ids = seen.map((e) => BigInt(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);

    // Every deployment ends once, on the new replica: none lost, none run twice to the end.
    // The ones that were active on a killed replica ran again (their heartbeat stopped).
    await expect
      .poll(
        async () =>
          (await deployJobs()).filter((j) => inFlight.includes(j.deploymentId) && j.state === 'completed').length,
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(4);
    const jobs = (await deployJobs()).filter((j) => inFlight.includes(j.deploymentId));
    expect(jobs).toHaveLength(4);
    expect(jobs.filter((j) => activeAtKill.includes(j.deploymentId)).every((j) => j.retryCount > 0)).toBe(true);
    expect(activeAtKill.length).toBeGreaterThan(0);
  }, 150_000);
});
