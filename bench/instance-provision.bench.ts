/**
 * Provision to healthy (issue 19 §6): `POST /api/instances` until the instance reads `running`,
 * through the product's whole path (the control plane in this process, the engine reached over
 * SSH to Debian's sshd on loopback, the Odoo stand-in and PostgreSQL test images), against a bare
 * `docker` CLI sequence on the same engine in the same run, doing the same work: the instance's role
 * and database in the shared PostgreSQL, two volumes, the Odoo container with the same odoo.conf,
 * the same health wait (Odoo's /web/health asked from inside the container once a second, as the
 * product asks), the same init step (`odoo -i base --stop-after-init` in the running container)
 * and the same second health wait. Target: at most 1.3× the baseline, or 2 s more.
 *
 * Needs the local engine and the test images (built on first use); run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx -y pnpm@10.34.9 bench:instance-provision`.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { renderOdooConf, runtimeNames, sharedPostgres } from '../packages/core/dist/index.js';
import { benchOdooImage as image, docker, quiet, startControlPlane, type ControlPlane } from './lib/control-plane.js';
import { median, onCleanup, requireBuilt, runBench, sleep, tempDir } from './lib/harness.js';
import { ratioOf, report } from './lib/report.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const healthScript =
  "import sys,urllib.request\ntry:\n r=urllib.request.urlopen('http://127.0.0.1:8069/web/health',timeout=5)\n sys.exit(0 if r.status==200 else 1)\nexcept Exception:\n sys.exit(1)";

/** Where a provision's time went: each step of its operation's log and how long until the next (ms). */
function stepTimes(logs: { at: string; step?: string; text: string }[], requestedAt: number): string {
  const times = logs.map((l) => ({ what: l.step ?? l.text, at: Date.parse(l.at) }));
  const first = times[0]?.at ?? requestedAt;
  const parts = [`queued ${Math.round(first - requestedAt)}`];
  times.forEach((t, i) => {
    const next = times[i + 1]?.at;
    if (next !== undefined) parts.push(`${t.what} ${next - t.at}`);
    else parts.push(`${t.what} (last)`);
  });
  return parts.join(', ');
}

/** One provision through the API, timed from the request until the instance reads running; then deleted. */
async function viaProduct(
  cp: ControlPlane,
  n: number,
  options: { keep?: boolean } = {},
): Promise<{ ms: number; network: string; steps: string }> {
  const started = performance.now();
  const created = await cp.call(
    'POST',
    '/instances',
    { serverId: cp.serverId, name: `Bench ${n}`, odooVersion: '18.0', workers: 1 },
    cp.token,
  );
  const id = String(created.body['instanceId'] ?? created.body['id']);
  let instance: Record<string, any> = {};
  for (;;) {
    instance = (await cp.call('GET', `/instances/${id}`, undefined, cp.token)).body;
    if (instance['status'] === 'running') break;
    if (instance['status'] === 'failed') throw new Error(`provision failed: ${instance['failureReason']}`);
    await sleep(100);
  }
  const ms = performance.now() - started;
  const operations = (await cp.call('GET', `/instances/${id}/operations`, undefined, cp.token)).body;
  const steps = stepTimes(operations['items']?.[0]?.['logs'] ?? [], started + performance.timeOrigin);
  const names = runtimeNames({ id, organizationId: String(instance['organizationId']) });
  if (options.keep) {
    onCleanup(() => {
      quiet('rm', '-f', names.container);
      quiet('volume', 'rm', names.filestore, names.addons);
    });
    return { ms, network: names.network, steps };
  }
  await cp.call('DELETE', `/instances/${id}`, undefined, cp.token);
  for (let i = 0; i < 300 && (await cp.call('GET', `/instances/${id}`, undefined, cp.token)).status !== 404; i++)
    await sleep(200);
  quiet('rm', '-f', names.container);
  quiet('volume', 'rm', names.filestore, names.addons);
  return { ms, network: names.network, steps };
}

/** Asks Odoo's /web/health from inside the container until it answers, once a second, as the product does. */
async function healthy(name: string): Promise<void> {
  for (;;) {
    try {
      docker('exec', name, '/usr/bin/python3', '-c', healthScript);
      return;
    } catch {
      await sleep(1000);
    }
  }
}

/**
 * The same work with the bare docker CLI: role and database, volumes, container with its odoo.conf,
 * health wait, `odoo -i base --stop-after-init` in it, health wait again.
 */
async function viaDockerCli(network: string, n: number): Promise<number> {
  const name = `ocore-bench-bare-${process.pid}-${n}`;
  const database = `bench_bare_${process.pid}_${n}`;
  const conf = tempDir('bare-conf');
  const started = performance.now();
  execFileSync(
    'docker',
    ['exec', '-i', sharedPostgres.container, 'psql', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres'],
    { input: `CREATE ROLE ${database} LOGIN PASSWORD 'bare-pw';\nCREATE DATABASE ${database} OWNER ${database};\n` },
  );
  docker('volume', 'create', `${name}-data`);
  docker('volume', 'create', `${name}-addons`);
  docker(
    'create',
    '--name',
    name,
    '--user',
    'odoo',
    '--network',
    network,
    '-v',
    `${name}-data:/var/lib/odoo`,
    '-v',
    `${name}-addons:/mnt/extra-addons`,
    image,
    'odoo',
    '-c',
    '/etc/odoo/odoo.conf',
  );
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    `${conf}/odoo.conf`,
    renderOdooConf({
      workers: 1,
      database,
      dbPassword: 'bare-pw',
      adminPassword: 'bare-admin',
      dbHost: sharedPostgres.alias,
      memoryLimitMb: null,
    }),
  );
  docker('cp', `${conf}/odoo.conf`, `${name}:/etc/odoo/odoo.conf`);
  docker('start', name);
  await healthy(name);
  // The product's init step, as it runs it (in the running container), then its second health wait.
  docker(
    'exec',
    '--user',
    'odoo',
    name,
    '/usr/bin/odoo',
    '-c',
    '/etc/odoo/odoo.conf',
    '-d',
    database,
    '-i',
    'base',
    '--stop-after-init',
    '--no-http',
  );
  await healthy(name);
  const ms = performance.now() - started;
  quiet('rm', '-f', name);
  quiet('volume', 'rm', `${name}-data`, `${name}-addons`);
  quiet(
    'exec',
    sharedPostgres.container,
    'psql',
    '-h',
    '127.0.0.1',
    '-U',
    'postgres',
    '-c',
    `DROP DATABASE ${database}`,
  );
  quiet('exec', sharedPostgres.container, 'psql', '-h', '127.0.0.1', '-U', 'postgres', '-c', `DROP ROLE ${database}`);
  return ms;
}

runBench(async () => {
  requireBuilt();
  const cp = await startControlPlane();
  // A first provision (not counted) creates the organization's network, the shared PostgreSQL
  // and the proxy once; it stays, as an agency's other instances would: the product removes an
  // organization's network with its last instance, and the shared PostgreSQL is recreated to
  // join a network, which a first instance of a client on a server pays once, not every time.
  await viaProduct(cp, 0, { keep: true });
  // The bare runs get a network of their own, with the shared PostgreSQL on it under its alias,
  // made once (not counted).
  const network = `ocore-bench-net-${process.pid}`;
  docker('network', 'create', network);
  onCleanup(() => {
    quiet('network', 'disconnect', '-f', network, sharedPostgres.container);
    quiet('network', 'rm', network);
  });
  docker('network', 'connect', '--alias', sharedPostgres.alias, network, sharedPostgres.container);
  const product: number[] = [];
  const bare: number[] = [];
  const breakdowns: string[] = [];
  // Alternating, so that a slow moment of the machine weighs on both.
  for (let n = 1; n <= runs; n++) {
    bare.push(await viaDockerCli(network, n));
    const run = await viaProduct(cp, n);
    product.push(run.ms);
    breakdowns.push(`run ${n} (${run.ms.toFixed(0)} ms): ${run.steps}`);
  }
  const [p, b] = [median(product), median(bare)];
  console.log(`Where the product's time went (ms from each step to the next):\n${breakdowns.join('\n')}`);
  report({
    bench: 'instance-provision',
    setup: `${runs} provisions of the Odoo stand-in (1 worker, no modules) on the local engine reached over SSH (Debian's sshd on loopback), POST /api/instances until GET reads running, polled every 100 ms; against the bare docker CLI doing the same (role and database in the same shared PostgreSQL, two volumes, the container with the same odoo.conf, /web/health asked once a second from inside, odoo -i base --stop-after-init, /web/health again), alternating; medians. All: product ${product.map((v) => v.toFixed(0)).join(', ')} ms; bare ${bare.map((v) => v.toFixed(0)).join(', ')} ms.`,
    figures: [
      {
        metric: 'provision to healthy (median)',
        value: p / 1000,
        unit: 's',
        baseline: { name: 'bare docker CLI + same health wait', value: b / 1000 },
        ratio: ratioOf(p, b),
        target: { text: '≤ 1.3× or ≤ 2 s more', met: p <= 1.3 * b || p - b <= 2000 },
      },
    ],
  });
});
