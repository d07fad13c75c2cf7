import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodePlan } from '@ocore/core';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../trpc/app.router.js';
import { pickFreePorts } from '../testing/acme/managed-process.js';
import { sshdBinary, startLoopbackSshd, type LoopbackSshd } from '../testing/sshd.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { createTcpReachabilityProbe } from '../servers/tcp-reachability.probe.js';
import { createSshNodeExecutor } from './deploy/ssh-node-executor.js';

const available = ['/usr/sbin/haproxy', '/usr/sbin/nginx', sshdBinary].every(existsSync);
if (!available && process.env.CI !== 'true')
  console.warn(
    'openssh-server, haproxy or nginx is missing (apt-get install openssh-server haproxy nginx): skipping the deployment tests',
  );

/*
 * Load balancers run as the server's own haproxy or nginx over SSH; they are deployed here for
 * real. The other nodes run on the container runtime: topology-deploy.docker.int.test.ts deploys
 * them on a real engine. Here they are placed on a server with no credentials, so they fail at
 * once, saying so, and nothing here needs Docker.
 */

interface NodeView {
  nodeId: string;
  kind: string;
  status: string;
  reason: string | null;
  files: string[];
}
interface DeploymentView {
  id: string;
  status: string;
  error: string | null;
  nodes: NodeView[];
}

let sshd: LoopbackSshd;
let t: TestApp;
let deployDir: string;
const sockets: ReturnType<typeof createWSClient>[] = [];

/** Every deployment the subscription pushes for one topology. */
function follow(token: string, topologyId: string, sink: DeploymentView[]): Promise<void> {
  const ws = createWSClient({
    url: `${t.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token },
  });
  sockets.push(ws);
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return new Promise((resolve) => {
    client.topologies.onDeployment.subscribe(
      { topologyId },
      {
        onStarted: () => resolve(),
        onData: (e) => sink.push(e.data.payload.deployment),
      },
    );
  });
}

/** The statuses one node went through, in order, without repeats. */
const path = (seen: DeploymentView[], nodeId: string) =>
  seen.map((d) => d.nodes.find((n) => n.nodeId === nodeId)!.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Stops the load balancers a deployment started, by their pid files. */
function stopStarted() {
  if (!deployDir || !existsSync(deployDir)) return;
  const pids = execFileSync('sh', ['-c', `cat $(find ${deployDir} -name '*.pid') 2>/dev/null || true`])
    .toString()
    .split(/\s+/)
    .filter(Boolean);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

describe.skipIf(!available && process.env.CI !== 'true')('deploying a topology over SSH (loopback sshd)', () => {
  beforeAll(async () => {
    sshd = await startLoopbackSshd();
    deployDir = mkdtempSync(join(tmpdir(), 'ocore-deploy-'));
    t = await startTestApp({ OCORE_DEPLOY_DIR: deployDir, OCORE_DEPLOY_START_TIMEOUT_SECONDS: '20' });
  });
  afterAll(async () => {
    for (const ws of sockets) await ws.close();
    stopStarted();
    await t?.close();
    await sshd?.stop();
    if (deployDir) rmSync(deployDir, { recursive: true, force: true });
  });

  async function addServer(
    token: string,
    name: string,
    credentials: Record<string, unknown> = { sshPrivateKey: sshd.privateKey },
    port = sshd.port,
  ) {
    const res = await t.api('POST', '/api/servers', {
      token,
      body: {
        name,
        host: '127.0.0.1',
        port,
        sshUser: sshd.user,
        ...credentials,
        capacity: { cpuCores: 2, memoryMb: 2048, maxInstances: 2 },
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function topology(
    token: string,
    servers: { app: string; db: string; lb: string },
    lbPort: number,
    lbType: string,
  ) {
    const created = await t.api('POST', '/api/topologies', {
      token,
      body: {
        name: `Deploy ${lbType}`,
        topologyData: {
          nodes: [
            { id: 'odoo1', kind: 'odoo', serverId: servers.app, config: { workers: 3 } },
            { id: 'pg', kind: 'postgres', serverId: servers.db },
            { id: 'lb', kind: 'load-balancer', serverId: servers.lb, config: { port: lbPort } },
          ],
          edges: [
            { source: 'odoo1', target: 'pg' },
            { source: 'lb', target: 'odoo1' },
          ],
        },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await t.api('PUT', `/api/topologies/${id}/ha-config`, { token, body: { lbType } })).status).toBe(200);
    return id;
  }

  async function deployAndWait(token: string, id: string, seen: DeploymentView[]): Promise<DeploymentView> {
    await follow(token, id, seen);
    const started = await t.api('POST', `/api/topologies/${id}/deploy`, { token });
    expect(started.status).toBe(202);
    await expect.poll(() => seen.at(-1)?.status, { timeout: 60_000, interval: 100 }).toMatch(/succeeded|failed/);
    return (await t.api('GET', `/api/topologies/${id}/status`, { token })).body as DeploymentView;
  }

  it('applies node by node: the load balancer really runs, nodes that cannot be reached fail with the reason, progress is pushed live', async () => {
    const owner = await t.signup();
    const servers = {
      app: await addServer(owner.token, 'app-1', {}),
      db: await addServer(owner.token, 'db-1', {}),
      lb: await addServer(owner.token, 'lb-1'),
    };
    const [lbPort] = await pickFreePorts(1);
    const id = await topology(owner.token, servers, lbPort!, 'haproxy');
    const seen: DeploymentView[] = [];

    const done = await deployAndWait(owner.token, id, seen);

    expect(done.nodes.map((n) => [n.nodeId, n.kind])).toEqual([
      ['pg', 'postgres'],
      ['odoo1', 'odoo'],
      ['lb', 'load-balancer'],
    ]);
    const lb = done.nodes.find((n) => n.nodeId === 'lb')!;
    expect(lb).toMatchObject({ status: 'healthy', reason: null, files: ['haproxy.cfg', 'compose.yaml'] });
    expect(await answers(lbPort!)).toBe(true);
    // The container nodes' server has no credentials: they fail at once, naming the server.
    for (const nodeId of ['pg', 'odoo1']) {
      const node = done.nodes.find((n) => n.nodeId === nodeId)!;
      expect(node.status).toBe('failed');
      expect(node.reason).toMatch(/^server (app|db)-1 has no SSH key or password/);
    }
    expect(done).toMatchObject({ status: 'failed', error: '2 of 3 nodes failed: pg, odoo1' });

    // Every step went out live, in order, and nothing failed was ever shown healthy.
    expect(path(seen, 'lb')).toEqual(['pending', 'rendering', 'applying', 'healthy']);
    expect(path(seen, 'pg')).toEqual(['pending', 'rendering', 'failed']);
    expect(seen.map((d) => d.status).filter((s, i, all) => i === 0 || all[i - 1] !== s)).toEqual([
      'queued',
      'running',
      'failed',
    ]);

    // The load balancer's files are on the server, its configuration checked by haproxy itself.
    const nodeDir = (node: string) => join(deployDir, id, node);
    execFileSync('haproxy', ['-c', '-q', '-f', join(nodeDir('lb'), 'haproxy.cfg')]);
    expect(statSync(join(nodeDir('lb'), 'haproxy.cfg')).mode & 0o777).toBe(0o644);

    // Every node's compose files can be downloaded, with placeholders where the passwords go.
    const download = await t.api('GET', `/api/topologies/${id}/compose`, { token: owner.token });
    expect(download.status).toBe(200);
    const files = (nodeId: string) =>
      (download.body.nodes as { nodeId: string; files: { path: string; content: string; secret: boolean }[] }[]).find(
        (n) => n.nodeId === nodeId,
      )!.files;
    expect(files('odoo1').map((f) => [f.path, f.secret])).toEqual([
      ['compose.yaml', false],
      ['.env', true],
      ['odoo.conf', true],
    ]);
    expect(files('odoo1').find((f) => f.path === 'odoo.conf')!.content).toMatch(/^workers = 3$/m);
    expect(files('odoo1').find((f) => f.path === 'odoo.conf')!.content).toMatch(
      /^db_password = CHANGE-ME-database-password$/m,
    );
    expect(files('pg').find((f) => f.path === '.env')!.content).toContain(
      'POSTGRESQL_PASSWORD=CHANGE-ME-database-password',
    );
    // A node is checked again on request; a stopped load balancer is reported, not assumed.
    const check = await t.api('POST', `/api/topologies/${id}/nodes/lb/status`, { token: owner.token });
    expect(check.body).toMatchObject({ nodeId: 'lb', kind: 'load-balancer', status: 'healthy', reason: null });
    process.kill(Number(readFileSync(join(nodeDir('lb'), 'haproxy.pid'), 'utf8').trim()), 'SIGTERM');
    await expect.poll(() => answers(lbPort!)).toBe(false);
    const stopped = await t.api('POST', `/api/topologies/${id}/nodes/lb/status`, { token: owner.token });
    expect(stopped.body).toMatchObject({ status: 'failed', reason: 'haproxy is not running on lb-1' });
    expect(
      (await t.api('GET', `/api/topologies/${id}/status`, { token: owner.token })).body.nodes.find(
        (n: NodeView) => n.nodeId === 'lb',
      ).status,
    ).toBe('failed');
    expect((await t.api('POST', `/api/topologies/${id}/nodes/ghost/status`, { token: owner.token })).status).toBe(404);

    // The same topology behind nginx: checked with nginx -t on the server, then started.
    await t.api('PUT', `/api/topologies/${id}/ha-config`, { token: owner.token, body: { lbType: 'nginx' } });
    const again = await deployAndWait(owner.token, id, []);
    expect(again.nodes.find((n) => n.nodeId === 'lb')).toMatchObject({
      status: 'healthy',
      files: ['nginx.conf', 'compose.yaml'],
    });
    expect(await answers(lbPort!)).toBe(true);
    execFileSync('nginx', [
      '-t',
      '-q',
      '-p',
      `${nodeDir('lb')}/`,
      '-c',
      join(nodeDir('lb'), 'nginx.conf'),
      '-e',
      'stderr',
    ]);
    expect((await t.api('GET', `/api/topologies/${id}/deployments`, { token: owner.token })).body.total).toBe(2);
    // Two deploys over SSH (each about 12 s on a busy 2-core machine) and a failed re-check.
  }, 90_000);

  it('pins the SSH host key at the first connection, and refuses a server that shows another', async () => {
    const owner = await t.signup();
    const [lbPort] = await pickFreePorts(1);
    const servers = {
      app: await addServer(owner.token, 'app-k', {}),
      db: await addServer(owner.token, 'db-k', {}),
      lb: await addServer(owner.token, 'lb-k'),
    };
    const id = await topology(owner.token, servers, lbPort!, 'haproxy');
    await deployAndWait(owner.token, id, []);
    const pinned = await t.api('GET', `/api/servers/${servers.lb}`, { token: owner.token });
    expect(pinned.body.sshHostKey).toBe(sshd.hostKeyFingerprint);

    const executor = createSshNodeExecutor({ reachability: createTcpReachabilityProbe(), connectTimeoutMs: 5_000 });
    const plan: NodePlan = {
      nodeId: 'lb',
      kind: 'load-balancer',
      server: { id: servers.lb, name: 'lb-k', host: '127.0.0.1' },
      healthPort: lbPort!,
      publishIp: null,
      settings: { kind: 'load-balancer', lbType: 'haproxy', listenPort: lbPort!, backends: [] },
    };
    const target = { host: '127.0.0.1', port: sshd.port, user: sshd.user, privateKey: sshd.privateKey, password: null };
    const impostor = await executor.check(
      { ...target, hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      plan,
      join(deployDir, id, 'lb'),
    );
    expect(impostor).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the SSH host key of 127\.0\.0\.1:\d+ changed \(pinned SHA256:A+, now SHA256:/),
    });
    expect(
      await executor.check({ ...target, hostKey: sshd.hostKeyFingerprint }, plan, join(deployDir, id, 'lb')),
    ).toEqual({ ok: true, hostKey: sshd.hostKeyFingerprint });

    // A new address forgets the pinned key.
    const moved = await t.api('PUT', `/api/servers/${servers.lb}`, { token: owner.token, body: { host: 'localhost' } });
    expect(moved.body.sshHostKey).toBeNull();
  });

  it('fails a node whose server cannot be reached or logged into, or has no credentials, naming the server', async () => {
    const owner = await t.signup();
    const [closedPort, lbPort] = await pickFreePorts(2);
    const servers = {
      app: await addServer(owner.token, 'no-creds', {}),
      db: await addServer(owner.token, 'wrong-key', { sshPrivateKey: sshd.strangerKey }),
      lb: await addServer(owner.token, 'closed-port', { sshPrivateKey: sshd.privateKey }, closedPort),
    };
    const id = await topology(owner.token, servers, lbPort!, 'haproxy');
    const done = await deployAndWait(owner.token, id, []);
    const reason = (nodeId: string) => done.nodes.find((n) => n.nodeId === nodeId)!.reason;
    expect(reason('odoo1')).toBe(
      `server no-creds has no SSH key or password; add one to the server (its page in the dashboard, ocore server update, or PUT /api/servers/${servers.app})`,
    );
    expect(reason('pg')).toMatch(
      /^connect to .*@127\.0\.0\.1:\d+ over SSH: the server did not accept the key or password$/,
    );
    expect(reason('lb')).toMatch(/connection refused/);
    expect(done.nodes.every((n) => n.status === 'failed')).toBe(true);
  });
});

describe('deploy requests', () => {
  let q: TestApp;
  beforeAll(async () => {
    // No job worker: a deployment stays queued, so the one-at-a-time rules can be seen.
    q = await startTestApp({ OCORE_JOBS: '0' });
  });
  afterAll(() => q.close());

  async function validTopology(token: string) {
    const server = async (name: string) =>
      (
        await q.api('POST', '/api/servers', {
          token,
          body: { name, host: `${name}.internal`, capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 } },
        })
      ).body.id as string;
    const [app, db] = [await server('app'), await server('db')];
    const res = await q.api('POST', '/api/topologies', {
      token,
      body: {
        name: 'Small',
        topologyData: {
          nodes: [
            { id: 'odoo', kind: 'odoo', serverId: app },
            { id: 'pg', kind: 'postgres', serverId: db },
          ],
          edges: [{ source: 'odoo', target: 'pg' }],
        },
      },
    });
    return res.body.id as string;
  }

  it('refuses an invalid topology with its validation errors, and a second deploy while one is queued', async () => {
    const owner = await q.signup();
    const empty = await q.api('POST', '/api/topologies', { token: owner.token, body: { name: 'Empty' } });
    const refused = await q.api('POST', `/api/topologies/${empty.body.id}/deploy`, { token: owner.token });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error: 'TOPOLOGY_INVALID',
      errors: [{ code: 'NO_ODOO' }, { code: 'NO_DATABASE' }],
    });
    expect((await q.api('GET', `/api/topologies/${empty.body.id}/status`, { token: owner.token })).status).toBe(404);

    const id = await validTopology(owner.token);
    const first = await q.api('POST', `/api/topologies/${id}/deploy`, { token: owner.token });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      status: 'queued',
      nodes: [
        { nodeId: 'pg', status: 'pending' },
        { nodeId: 'odoo', status: 'pending' },
      ],
    });
    const parallel = await Promise.all(
      [1, 2, 3].map(() => q.api('POST', `/api/topologies/${id}/deploy`, { token: owner.token })),
    );
    expect(parallel.map((r) => r.status)).toEqual([409, 409, 409]);
    expect(parallel[0]!.body.error).toBe('DEPLOYMENT_RUNNING');
    expect((await q.api('DELETE', `/api/topologies/${id}`, { token: owner.token })).body.error).toBe('IN_USE');
    // Still queued, so a re-check reports what is known without touching the server.
    expect((await q.api('POST', `/api/topologies/${id}/nodes/pg/status`, { token: owner.token })).body).toMatchObject({
      status: 'pending',
    });
    const audit = await q.api('GET', '/api/org/audit-log?action=topology.deploy_started', { token: owner.token });
    expect(audit.body.items).toHaveLength(1);
  });

  it('needs manage:topologies to deploy and view:topologies to look, and keeps organizations apart', async () => {
    const owner = await q.signup();
    const id = await validTopology(owner.token);
    const viewer = await q.joinAs(owner, 'Viewer');
    const denied = await q.api('POST', `/api/topologies/${id}/deploy`, { token: viewer.token });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: 'PERMISSION_DENIED', permission: 'manage:topologies' });
    expect((await q.api('POST', `/api/topologies/${id}/deploy`, { token: owner.token })).status).toBe(202);
    expect((await q.api('GET', `/api/topologies/${id}/status`, { token: viewer.token })).status).toBe(200);
    expect((await q.api('GET', `/api/topologies/${id}/deployments`, { token: viewer.token })).body.total).toBe(1);

    const stranger = await q.signup();
    for (const [method, path] of [
      ['POST', 'deploy'],
      ['GET', 'status'],
      ['GET', 'deployments'],
      ['POST', 'nodes/pg/status'],
    ] as const) {
      const res = await q.api(method, `/api/topologies/${id}/${path}`, { token: stranger.token });
      expect(res.status, path).toBe(404);
    }
  });
});
