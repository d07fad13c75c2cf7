/**
 * Live instance logs (issue 22 §1). 1) A line written in the Odoo container until a WebSocket
 * tRPC subscriber of `instanceLogs.follow` (wsLink, as the browser subscribes) has it, against
 * a bare engine follower (`docker logs --follow` through dockerode) of the same lines in the same
 * run. Target: p99 ≤ 250 ms. 2) Other API requests (an instance, a page of its log) one at a
 * time, with no followers and with 100 followers attached, alternating, while lines are written
 * at 20/s. Target: p99 with followers ≤ 1.2× without.
 *
 * Needs the local engine and the stand-in images (see lib/local-instance.ts): run it under
 * `flock /tmp/ocore-docker.lock`. The control plane and the clients share this process.
 */
import { performance } from 'node:perf_hooks';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { WebSocket } from 'ws';
import { localContainerRuntime } from '../packages/server/dist/index.js';
import type { AppRouter } from '../packages/server/dist/trpc/app.router.js';
import { distribution, onCleanup, requireBuilt, runBench, sleep } from './lib/harness.js';
import { startLocalInstance, type LocalInstance } from './lib/local-instance.js';
import { ratioOf, report, type Figure } from './lib/report.js';

const lines = Number(process.env['BENCH_SAMPLES'] ?? 300);
const requests = Number(process.env['BENCH_REQUESTS'] ?? 200);
const followerCount = Number(process.env['BENCH_FOLLOWERS'] ?? 100);

function trpcClient(inst: LocalInstance) {
  const ws = createWSClient({
    url: `${inst.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as never,
    connectionParams: { token: inst.token },
  });
  onCleanup(() => ws.close());
  return createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
}

/** Follows the log; `onLine` gets each line's text; resolves with an unsubscribe once started. */
function follow(trpc: ReturnType<typeof trpcClient>, id: string, onLine: (text: string) => void) {
  return new Promise<() => void>((resolve, reject) => {
    const sub = trpc.instanceLogs.follow.subscribe(
      { id },
      { onStarted: () => resolve(() => sub.unsubscribe()), onData: (l) => onLine(l.text), onError: reject },
    );
  });
}

/** A shell in the container that copies each line it reads to the Odoo process's stdout. */
async function lineWriter(container: string) {
  const session = await localContainerRuntime().openSession(container, {
    command: ['sh', '-c', 'stty -echo; while IFS= read -r l; do printf "%s\\n" "$l" > /proc/1/fd/1; done'],
    user: 'odoo',
    columns: 200,
    rows: 24,
  });
  void (async () => {
    for await (const _chunk of session.output); // drained: the TTY's output is not read
  })().catch(() => undefined);
  onCleanup(() => session.close());
  await sleep(300);
  return (text: string) => session.write(`2026-12-07 10:00:00,000 1 INFO db bench: ${text}\n`);
}

const seqOf = (text: string) => /seq-(\d+)-/.exec(text)?.[1];

async function lineLatency(inst: LocalInstance, write: (text: string) => void) {
  const sent = new Map<string, number>();
  const viaTrpc: number[] = [];
  const viaEngine: number[] = [];
  const stop = await follow(trpcClient(inst), inst.instanceId, (text) => {
    const seq = seqOf(text);
    if (seq && sent.has(seq)) viaTrpc.push(performance.now() - sent.get(seq)!);
  });
  const engine = new AbortController();
  void (async () => {
    const since = new Date().toISOString();
    for await (const l of localContainerRuntime().logs(inst.container, {
      follow: true,
      since,
      signal: engine.signal,
    })) {
      const seq = seqOf(l.text);
      if (seq && sent.has(seq)) viaEngine.push(performance.now() - sent.get(seq)!);
    }
  })().catch(() => undefined);
  await sleep(500);
  for (let i = 0; i < lines; i++) {
    sent.set(String(i), performance.now());
    write(`seq-${i}-latency`);
    await sleep(20);
  }
  await sleep(2000);
  stop();
  engine.abort();
  return { viaTrpc, viaEngine, missed: lines - viaTrpc.length };
}

async function timeRequests(inst: LocalInstance): Promise<{ page: number[]; logs: number[] }> {
  const page: number[] = [];
  const logs: number[] = [];
  for (let i = 0; i < requests; i++) {
    let started = performance.now();
    await inst.call(`/instances/${inst.instanceId}`);
    page.push(performance.now() - started);
    started = performance.now();
    await inst.call(`/instances/${inst.instanceId}/logs?tail=10&odooOnly=true`);
    logs.push(performance.now() - started);
  }
  return { page, logs };
}

async function apiUnderFollowers(inst: LocalInstance, write: (text: string) => void) {
  let seq = 0;
  const writing = setInterval(() => write(`steady-${seq++}`), 50);
  const clients = Array.from({ length: 10 }, () => trpcClient(inst));
  const without = { page: [] as number[], logs: [] as number[] };
  const withF = { page: [] as number[], logs: [] as number[] };
  let delivered = 0;
  for (let round = 0; round < 2; round++) {
    const a = await timeRequests(inst);
    without.page.push(...a.page);
    without.logs.push(...a.logs);
    const stops = await Promise.all(
      Array.from({ length: followerCount }, (_, i) =>
        follow(clients[i % clients.length]!, inst.instanceId, () => delivered++),
      ),
    );
    await sleep(500);
    const b = await timeRequests(inst);
    withF.page.push(...b.page);
    withF.logs.push(...b.logs);
    stops.forEach((stop) => stop());
    await sleep(500);
  }
  clearInterval(writing);
  return { without, withF, delivered };
}

function apiFigure(name: string, loaded: number[], base: number[]): Figure {
  const [l, b] = [distribution(loaded), distribution(base)];
  const ratio = ratioOf(l.p99, b.p99);
  return {
    metric: `${name} p99 with ${followerCount} followers`,
    value: l.p99,
    unit: 'ms',
    baseline: { name: 'no followers', value: b.p99 },
    ratio,
    target: { text: '≤ 1.2× baseline', met: ratio <= 1.2 },
    note: `p50 ${l.p50.toFixed(2)} ms against ${b.p50.toFixed(2)} ms`,
  };
}

runBench(async () => {
  requireBuilt();
  const inst = await startLocalInstance('logs', { OCORE_STREAMS_PER_CONNECTION: '200', OCORE_STREAMS_PER_USER: '200' });
  const write = await lineWriter(inst.container);
  const latency = await lineLatency(inst, write);
  const api = await apiUnderFollowers(inst, write);
  const [t, e] = [distribution(latency.viaTrpc), distribution(latency.viaEngine)];
  report({
    bench: 'instance-logs',
    setup: `${lines} lines 20 ms apart written in an instance's container (the Odoo stand-in, local engine) until a WebSocket tRPC subscriber of instanceLogs.follow has each, against a bare engine follower (dockerode logs --follow) in the same run; then ${requests} GET /api/instances/{id} and as many GET /api/instances/{id}/logs?tail=10, one at a time, without and with ${followerCount} followers (10 WebSockets), alternating in 2 rounds, lines written at 20/s throughout`,
    figures: [
      {
        metric: 'line to subscriber p99',
        value: t.p99,
        unit: 'ms',
        baseline: { name: 'bare engine follower', value: e.p99 },
        ratio: ratioOf(t.p99, e.p99),
        target: { text: '≤ 250 ms', met: t.p99 <= 250 && latency.missed === 0 },
        note: `p50 ${t.p50.toFixed(2)} ms against ${e.p50.toFixed(2)} ms; ${latency.missed} missed`,
      },
      apiFigure('GET instance', api.withF.page, api.without.page),
      apiFigure('GET log page', api.withF.logs, api.without.logs),
    ],
  });
  console.log(`followers received ${api.delivered} lines in all`);
});
