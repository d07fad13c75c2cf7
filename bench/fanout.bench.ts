/**
 * Live status fan-out: 10,000 WebSocket subscribers of portalDomains.onStatus (tRPC) on one
 * process, then a portal-domain change; and the same with two processes on PostgreSQL
 * (LISTEN/NOTIFY), subscribers split between them. Baseline: a bare `ws` server sending
 * one message of the same size to as many sockets, in the same run.
 * Targets: delivery p99 ≤ 200 ms (one process), ≤ 300 ms (two on PostgreSQL);
 * ≤ 20 KB of server memory per idle subscriber.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  distribution,
  freePort,
  mb,
  repoRoot,
  requireBuilt,
  rssOf,
  runBench,
  sleep,
  startWorker,
  tempDir,
  waitFor,
  type Distribution,
  type Worker,
} from './lib/harness.js';
import { ratioOf, report, type Figure } from './lib/report.js';
import { freshPostgresDatabase, issueTokens, openDb, seedAgency, seedMembers } from './lib/seed.js';
import { startServer, type OcoreServer } from './lib/server.js';

const subscribers = Number(process.env['BENCH_SUBSCRIBERS'] ?? 10_000);
const clientProcesses = Number(process.env['BENCH_CLIENT_PROCESSES'] ?? 4);
const changes = Number(process.env['BENCH_CHANGES'] ?? 3);
const parallelConnects = 50;
/**
 * How the client processes subscribe: speaking tRPC's protocol over plain `ws` and reading
 * messages as the baseline's sockets do (default), or with @trpc/client (`BENCH_TRPC_CLIENT=1`),
 * whose per-message work in the client processes takes CPU from the server on a small machine.
 */
const clientKind = process.env['BENCH_TRPC_CLIENT'] === '1' ? 'trpc' : 'trpc-raw';
/**
 * An experiment, off by default: the servers (BENCH_SERVER_CPUS) and the client processes
 * (BENCH_CLIENT_CPUS) kept to CPUs of their own (`taskset -c` lists), to see what each side
 * costs when they do not take turns on the same cores.
 */
const serverCpus = process.env['BENCH_SERVER_CPUS'];
const clientCpus = process.env['BENCH_CLIENT_CPUS'];
const now = () => performance.timeOrigin + performance.now();

async function startClients(): Promise<Worker[]> {
  return Promise.all(
    Array.from({ length: clientProcesses }, () =>
      startWorker(join(repoRoot, 'bench', 'fanout', 'subscriber-worker.ts'), { waitReady: true, cpus: clientCpus }),
    ),
  );
}

async function closeClients(clients: Worker[]): Promise<void> {
  await Promise.all(clients.map((c) => c.call('close').catch(() => undefined)));
  await Promise.all(clients.map((c) => c.stop()));
}

/** Delivery times (ms after `change` was started) of one message to every subscriber. */
interface Usage {
  userMs: number;
  systemMs: number;
  preempted: number;
  gcPauses: number;
  gcMs: number;
  majorGcs: number;
}

/** What a server used between two readings (bench/lib/usage.mjs). */
function usedBetween(before: Usage, after: Usage): Usage {
  const used = { ...after };
  for (const key of Object.keys(used) as (keyof Usage)[]) used[key] -= before[key];
  return used;
}

/** Delivery times (ms after `change` was started) of one message to every subscriber, and the server's CPU meanwhile. */
async function timeDelivery(
  clients: Worker[],
  expected: number,
  server: Worker | OcoreServer,
  change: (marker: string) => Promise<void>,
): Promise<{ latencies: number[]; missed: number; changeMs: number; used: Usage }> {
  const marker = `fanout-${randomBytes(5).toString('hex')}`;
  await Promise.all(clients.map((c) => c.call('arm', { marker })));
  const before = await server.call<Usage>('usage');
  const started = now();
  await change(marker);
  const changeMs = now() - started;
  const count = async () =>
    (await Promise.all(clients.map((c) => c.call<{ count: number }>('count')))).reduce((s, r) => s + r.count, 0);
  await waitFor('every subscriber to receive the change', async () => (await count()) >= expected, 10_000, 20).catch(
    () => undefined,
  );
  const used = usedBetween(before, await server.call<Usage>('usage'));
  const times = (await Promise.all(clients.map((c) => c.call<{ times: number[] }>('collect')))).flatMap((r) => r.times);
  return { latencies: times.map((t) => t - started), missed: expected - times.length, changeMs, used };
}

async function measureChanges(
  clients: Worker[],
  expected: number,
  server: Worker | OcoreServer,
  change: (marker: string) => Promise<void>,
) {
  const runs: Distribution[] = [];
  const changeTimes: number[] = [];
  let missed = 0;
  for (let i = 0; i < changes; i++) {
    await sleep(1000);
    const { latencies, missed: lost, changeMs, used } = await timeDelivery(clients, expected, server, change);
    missed += lost;
    changeTimes.push(changeMs);
    runs.push(distribution(latencies));
    console.log(
      `  change ${i + 1}: first ${runs.at(-1)!.min.toFixed(1)} ms, p50 ${runs.at(-1)!.p50.toFixed(1)} ms, p99 ${runs.at(-1)!.p99.toFixed(1)} ms, max ${runs.at(-1)!.max.toFixed(1)} ms, missed ${lost} (the change itself answered after ${changeMs.toFixed(1)} ms); server CPU until then: ${used.userMs.toFixed(0)} ms user, ${used.systemMs.toFixed(0)} ms system, preempted ${used.preempted} times; ${used.gcPauses} GC pauses, ${used.gcMs.toFixed(1)} ms (${used.majorGcs} major)`,
    );
  }
  // The worst of the changes: every one must meet the target.
  return {
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    missed,
    changeMs: Math.max(...changeTimes),
  };
}

function split<T>(items: readonly T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, i) => items.filter((_, j) => j % parts === i));
}

async function connectTrpc(clients: Worker[], urls: string[], tokens: string[]): Promise<number> {
  const started = Date.now();
  const slices = split(tokens, clients.length);
  await Promise.all(
    clients.map((c, i) =>
      c.call('connect', {
        kind: clientKind,
        url: `${urls[i % urls.length]!.replace('http', 'ws')}/trpc`,
        tokens: slices[i],
        parallel: parallelConnects,
      }),
    ),
  );
  return Date.now() - started;
}

/** The baseline: a bare ws server, its memory per socket and its delivery of one message. */
async function measureBaseline(message: string) {
  const port = await freePort();
  const server = await startWorker(join(repoRoot, 'bench', 'lib', 'bare-ws-server.mjs'), {
    env: { PATH: process.env['PATH'], PORT: String(port) },
    nodeArgs: ['--expose-gc'],
    waitReady: true,
    cpus: serverCpus,
  });
  const memory = async () => ({
    ...(await server.call<{ memory: NodeJS.MemoryUsage }>('memory')).memory,
    rss: rssOf(server.pid),
  });
  const before = await memory();
  const clients = await startClients();
  const counts = split(Array.from({ length: subscribers }), clients.length).map((s) => s.length);
  await Promise.all(
    clients.map((c, i) =>
      c.call('connect', { kind: 'ws', url: `ws://127.0.0.1:${port}`, count: counts[i], parallel: parallelConnects }),
    ),
  );
  await sleep(2000);
  const after = await memory();
  console.log('baseline (bare ws):');
  const delivery = await measureChanges(clients, subscribers, server, (marker) =>
    server.call('broadcast', { message: message.replace('MARKER', marker) }).then(() => undefined),
  );
  await closeClients(clients);
  await server.stop();
  return {
    delivery,
    heapPerSocket: (after.heapUsed - before.heapUsed) / subscribers,
    rssPerSocket: (after.rss - before.rss) / subscribers,
  };
}

async function seedAgencyWithMembers(db: Awaited<ReturnType<typeof openDb>>) {
  const agency = await seedAgency(db.db, 'fanout-agency');
  const members = await seedMembers(db.db, agency.agencyId, agency.roleIds.Viewer, 'fanout', subscribers);
  const [ownerToken] = await issueTokens(db.db, [agency.ownerUserId], agency.agencyId);
  return { ownerToken: ownerToken!, tokens: await issueTokens(db.db, members, agency.agencyId) };
}

/**
 * One request from this process to the server before the timed changes. The first fetch of a
 * process loads undici and opens a connection (10-20 ms here), which is this harness's own
 * cost, not the server's; the later changes reuse the kept-alive connection anyway.
 */
async function warmHttpClient(server: OcoreServer): Promise<void> {
  const res = await fetch(`${server.url}/readyz`);
  await res.arrayBuffer();
}

/** A portal-domain change made through the API, as an agency owner would. */
function createDomain(server: OcoreServer, ownerToken: string) {
  return async (marker: string) => {
    const res = await fetch(`${server.url}/api/agency/portal-domains`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ownerToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subdomain: marker }),
    });
    if (res.status !== 201) throw new Error(`creating a portal domain answered ${res.status}: ${await res.text()}`);
  };
}

async function measureOneProcess() {
  const dataDir = tempDir('fanout');
  const db = await openDb({ dataDir });
  const { ownerToken, tokens } = await seedAgencyWithMembers(db);
  await db.close();
  const server = await startServer({ dataDir, cpus: serverCpus });
  const memory = async () => ({ ...(await server.memory()), rss: rssOf(server.pid) });
  // BENCH_HEAP_SNAPSHOT=/some/folder: the server's heap before and with the idle subscribers, for bench/lib/heap-summary.mjs.
  const snapshots = process.env['BENCH_HEAP_SNAPSHOT'];
  const snapshot = async (when: string) => {
    if (!snapshots) return;
    const { file } = await server.call<{ file: string }>('heap-snapshot', {
      file: join(snapshots, `fanout-${server.pid}-${when}.heapsnapshot`),
    });
    console.log(`heap snapshot of the server ${when} the subscribers: ${file}`);
  };
  // Before the first reading of memory, so that what taking a snapshot leaves in the process is in both.
  await snapshot('before');
  const before = await memory();
  const clients = await startClients();
  const connectMs = await connectTrpc(clients, [server.url], tokens);
  console.log(`${subscribers} tRPC subscribers on one process in ${connectMs} ms`);
  await sleep(2000);
  const after = await memory();
  await snapshot('with');
  await warmHttpClient(server);
  console.log('oCore, one process (PGlite):');
  const delivery = await server.profiled('fanout', () =>
    measureChanges(clients, subscribers, server, createDomain(server, ownerToken)),
  );
  await closeClients(clients);
  await server.stop();
  return {
    delivery,
    connectMs,
    heapPerSubscriber: (after.heapUsed - before.heapUsed) / subscribers,
    rssPerSubscriber: (after.rss - before.rss) / subscribers,
    rssAfter: after.rss,
    // What the RSS holds besides live objects: the heap's pages (used or not), and memory outside the heap.
    heapTotalPerSubscriber: (after.heapTotal - before.heapTotal) / subscribers,
    externalPerSubscriber: (after.external - before.external) / subscribers,
  };
}

async function measureTwoProcesses() {
  const databaseUrl = await freshPostgresDatabase();
  const db = await openDb({ databaseUrl });
  const { ownerToken, tokens } = await seedAgencyWithMembers(db);
  await db.close();
  const first = await startServer({ databaseUrl, cpus: serverCpus });
  const second = await startServer({ databaseUrl, env: { OCORE_JOBS: '0' }, cpus: serverCpus });
  const clients = await startClients();
  const connectMs = await connectTrpc(clients, [first.url, second.url], tokens);
  console.log(`${subscribers} tRPC subscribers on two processes in ${connectMs} ms`);
  await sleep(2000);
  await warmHttpClient(first);
  console.log('oCore, two processes (PostgreSQL), changes made on the first:');
  const delivery = await measureChanges(clients, subscribers, first, createDomain(first, ownerToken));
  await closeClients(clients);
  await Promise.all([first.stop(), second.stop()]);
  return { delivery };
}

runBench(async () => {
  requireBuilt();
  // A portal_domain.created event as subscribers receive it is about 1 KB.
  const message = JSON.stringify({
    id: '1',
    type: 'portal_domain.created',
    payload: { domain: { subdomain: 'MARKER' }, pad: 'x'.repeat(900) },
  });
  const baseline = await measureBaseline(message);
  const one = await measureOneProcess();
  const two = process.env['BENCH_SKIP_POSTGRES'] ? undefined : await measureTwoProcesses();
  const base = { name: 'bare ws, one message to as many sockets', value: baseline.delivery.p99 };
  const figures: Figure[] = [
    {
      metric: 'delivery p99, one process (worst of the changes)',
      value: one.delivery.p99,
      unit: 'ms',
      baseline: base,
      ratio: ratioOf(one.delivery.p99, baseline.delivery.p99),
      target: { text: '≤ 200 ms, none missed', met: one.delivery.p99 <= 200 && one.delivery.missed === 0 },
      note: `p50 ${one.delivery.p50.toFixed(1)} ms, max ${one.delivery.max.toFixed(1)} ms, missed ${one.delivery.missed}; measured from the start of the API request that makes the change, which itself took up to ${one.delivery.changeMs.toFixed(1)} ms`,
    },
    {
      metric: 'answer to the API request that made the change (worst)',
      value: one.delivery.changeMs,
      unit: 'ms',
      note: 'the request commits, publishes, and answers while the subscribers are still being served',
    },
    {
      metric: 'server RSS per idle subscriber',
      value: one.rssPerSubscriber / 1024,
      unit: 'KB',
      baseline: { name: 'bare ws, per socket', value: baseline.rssPerSocket / 1024 },
      ratio: ratioOf(one.rssPerSubscriber, baseline.rssPerSocket),
      target: { text: '≤ 20 KB', met: one.rssPerSubscriber <= 20 * 1024 },
      note: `server RSS ${mb(one.rssAfter).toFixed(0)} MB with ${subscribers} subscribers; per subscriber, the heap's pages ${(one.heapTotalPerSubscriber / 1024).toFixed(1)} KB, memory outside the heap that V8 knows of (buffers) ${(one.externalPerSubscriber / 1024).toFixed(1)} KB`,
    },
    {
      metric: 'server heap per idle subscriber',
      value: one.heapPerSubscriber / 1024,
      unit: 'KB',
      baseline: { name: 'bare ws, per socket', value: baseline.heapPerSocket / 1024 },
      ratio: ratioOf(one.heapPerSubscriber, baseline.heapPerSocket),
      target: { text: '≤ 20 KB', met: one.heapPerSubscriber <= 20 * 1024 },
    },
    {
      metric: 'time to open all subscriptions, one process',
      value: one.connectMs / 1000,
      unit: 's',
      note: `${parallelConnects} connecting at a time in each of ${clientProcesses} client processes`,
    },
  ];
  if (two) {
    figures.splice(1, 0, {
      metric: 'delivery p99, two processes on PostgreSQL',
      value: two.delivery.p99,
      unit: 'ms',
      baseline: base,
      ratio: ratioOf(two.delivery.p99, baseline.delivery.p99),
      target: { text: '≤ 300 ms, none missed', met: two.delivery.p99 <= 300 && two.delivery.missed === 0 },
      note: `p50 ${two.delivery.p50.toFixed(1)} ms, max ${two.delivery.max.toFixed(1)} ms, missed ${two.delivery.missed}; the change itself took up to ${two.delivery.changeMs.toFixed(1)} ms`,
    });
  }
  report({
    bench: 'fanout',
    setup: `${subscribers} subscribers of portalDomains.onStatus (each its own user and token) in ${clientProcesses} client processes (${clientKind === 'trpc' ? '@trpc/client' : "tRPC's protocol over plain ws, read like the baseline's messages"}); ${changes} changes (POST /api/agency/portal-domains), 1 s apart; one process on PGlite, then two on a fresh PostgreSQL database with the subscribers split between them.`,
    figures,
  });
});
