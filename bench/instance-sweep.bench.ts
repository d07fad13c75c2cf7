/**
 * Instance health sweep: BENCH_INSTANCES (50) running instances of the Odoo stand-in on one
 * server, reached over SSH (Debian's sshd on loopback) on a Docker Engine of its own. The
 * instances list and an instance page are asked one request at a time, first with nothing
 * else running (the baseline), then while the health job sweeps every instance back to back
 * in the server process. Targets: p99 under 50 ms during the sweeps, a sweep under 2 s, no
 * instance missed (each sweep checks them all, none unknown or failed).
 *
 * The engine is a private dockerd of the benchmark's own (packages/server/src/runtime/testing/
 * private-dockerd.ts: its own data, socket and network namespace), which the server reaches
 * through its `dockerSocket`: the run neither waits for the machine's Docker tests nor
 * disturbs them, and everything it made goes with that engine at the end. Needs root, a
 * running Docker Engine holding the test images (built if missing), and Debian's sshd.
 */
import { performance } from 'node:perf_hooks';
import { distribution, onCleanup, requireBuilt, runBench, sleep, tempDir, type Distribution } from './lib/harness.js';
import { ratioOf, report, type Figure } from './lib/report.js';
import { startServer, type OcoreServer } from './lib/server.js';
import { startLoopbackSshd } from '../packages/server/src/testing/sshd.js';
import { ensureTestImages, testImages } from '../packages/server/src/runtime/testing/test-images.js';
import { startPrivateDockerd } from '../packages/server/src/runtime/testing/private-dockerd.js';

const count = Number(process.env['BENCH_INSTANCES'] ?? 50);
const samples = Number(process.env['BENCH_SAMPLES'] ?? 300);
const targetP99Ms = 50;
const targetSweepMs = 2000;

interface Sweep {
  checked: number;
  failed: number;
  recovered: number;
  unknown: number;
  ms: number;
}

async function api<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await res.json()) as T;
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** An account and its organization, signed up as a user would. */
async function signUp(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'sweep@bench.test', password: 'a long enough password', name: 'Sweep' }),
  });
  const answer = (await res.json()) as { token?: string };
  if (res.status !== 201 || !answer.token) throw new Error(`signup answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer.token;
}

type InstanceView = { id: string; status: string; failureReason: string | null };

/** Provisions the instances (one operation at a time, as the job queue runs them) and waits until all run. */
async function provision(url: string, token: string, serverId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const created = await api<{ instanceId: string }>(url, token, 'POST', '/instances', {
      serverId,
      name: `Sweep ${i}`,
      odooVersion: '17.0',
      workers: 0,
    });
    ids.push(created.instanceId);
  }
  const started = performance.now();
  for (;;) {
    // A poll that meets a closing keep-alive connection (ECONNRESET) is simply asked again.
    const items = await api<{ items: InstanceView[] }>(url, token, 'GET', '/instances').then(
      (answer) => answer.items,
      () => [],
    );
    const failed = items.find((i) => i.status === 'failed');
    if (failed) throw new Error(`instance ${failed.id} failed: ${failed.failureReason}`);
    const running = items.filter((i) => i.status === 'running').length;
    if (running === count) break;
    if (performance.now() - started > count * 60_000) throw new Error(`only ${running} of ${count} instances run`);
    await sleep(2000);
  }
  console.log(`${count} instances running after ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return ids;
}

async function timed(url: string, token: string, path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return ms;
}

/** `samples` requests of the list and of one instance's page, alternating, one at a time. */
async function requests(url: string, token: string, ids: string[]): Promise<{ list: number[]; page: number[] }> {
  const list: number[] = [];
  const page: number[] = [];
  for (let i = 0; i < samples; i++) {
    list.push(await timed(url, token, '/instances'));
    page.push(await timed(url, token, `/instances/${ids[i % ids.length]}`));
  }
  return { list, page };
}

/** The same requests while the health job sweeps the instances back to back in the server process. */
async function duringSweeps(server: OcoreServer, token: string, ids: string[]) {
  const sweeps: Sweep[] = [];
  let done = false;
  const sweeping = (async () => {
    while (!done || sweeps.length < 3) sweeps.push(await server.call<Sweep>('health-sweep'));
  })();
  // The first sweep is under way before the first request.
  await sleep(50);
  const measured = await requests(server.url, token, ids);
  done = true;
  await sweeping;
  return { ...measured, sweeps };
}

function latencyFigure(what: string, during: Distribution, base: Distribution): Figure {
  return {
    metric: `${what} p99 during sweeps`,
    value: during.p99,
    unit: 'ms',
    baseline: { name: 'same requests, no sweep', value: base.p99 },
    ratio: ratioOf(during.p99, base.p99),
    target: { text: `≤ ${targetP99Ms} ms`, met: during.p99 <= targetP99Ms },
    note: `median ${during.p50.toFixed(1)} ms (baseline ${base.p50.toFixed(1)} ms), max ${during.max.toFixed(1)} ms, ${during.count} requests`,
  };
}

runBench(async () => {
  requireBuilt();
  await ensureTestImages((line) => console.log(`[test images] ${line}`));
  const engine = await startPrivateDockerd();
  onCleanup(() => engine.cleanup());
  await engine.loadImages([testImages.odoo(17), testImages.postgres]);
  const sshd = await startLoopbackSshd();
  onCleanup(() => sshd.stop());
  const dataDir = tempDir('instance-sweep');

  const env = {
    OCORE_INSTANCE_ODOO_IMAGE: testImages.odoo(17),
    OCORE_INSTANCE_POSTGRES_IMAGE: testImages.postgres,
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '120',
  };
  const provisioner = await startServer({ dataDir, env });
  const token = await signUp(provisioner.url);
  const server = await api<{ id: string }>(provisioner.url, token, 'POST', '/servers', {
    name: 'loopback',
    host: sshd.host,
    port: sshd.port,
    sshUser: sshd.user,
    sshPrivateKey: sshd.privateKey,
    dockerSocket: engine.socket,
    capacity: { cpuCores: 64, memoryMb: 262_144, maxInstances: count },
  });
  const ids = await provision(provisioner.url, token, server.id);
  await provisioner.stop();

  // Measured with the job workers off: the only sweeps are the ones asked for.
  const measured = await startServer({ dataDir, env: { ...env, OCORE_JOBS: '0' } });
  onCleanup(() => measured.stop());
  await requests(measured.url, token, ids.slice(0, 10)); // warm-up
  // The first sweep of a process opens its SSH connection to the server, which later sweeps reuse.
  const first = await measured.call<Sweep>('health-sweep');
  console.log(`first sweep (opens the SSH connection): ${first.ms.toFixed(0)} ms, ${JSON.stringify(first)}`);
  const base = await requests(measured.url, token, ids);
  const during = await duringSweeps(measured, token, ids);
  report(figures(base, during));
});

function figures(
  base: { list: number[]; page: number[] },
  during: { list: number[]; page: number[]; sweeps: Sweep[] },
): Parameters<typeof report>[0] {
  const sweepMs = distribution(during.sweeps.map((s) => s.ms));
  const missed = during.sweeps.filter((s) => s.checked !== count || s.unknown > 0 || s.failed > 0);
  return {
    bench: 'instance-sweep',
    setup: `${count} running instances of the Odoo stand-in on one server over SSH (loopback sshd, a private dockerd), PGlite; ${samples} requests each of GET /api/instances and GET /api/instances/{id}, one at a time; ${during.sweeps.length} health sweeps back to back.`,
    figures: [
      latencyFigure('instances list', distribution(during.list), distribution(base.list)),
      latencyFigure('instance page', distribution(during.page), distribution(base.page)),
      {
        metric: 'sweep of all instances (median)',
        value: sweepMs.p50,
        unit: 'ms',
        target: { text: `< ${targetSweepMs} ms`, met: sweepMs.max < targetSweepMs },
        note: `max ${sweepMs.max.toFixed(0)} ms over ${sweepMs.count} sweeps`,
      },
      {
        metric: 'sweeps that missed an instance',
        value: missed.length,
        unit: '',
        target: { text: '0', met: missed.length === 0 },
        note: missed.length ? JSON.stringify(missed.slice(0, 3)) : `each checked ${count}, none unknown or failed`,
      },
    ],
  };
}
