/**
 * Backups, restores and staging clones of a large instance (issue 21 §7), through the product's
 * whole path (the control plane in this process, the engine reached over SSH to Debian's sshd on
 * loopback, the Odoo stand-in and PostgreSQL test images), each against the bare tools doing the
 * same work on the same engine in the same run:
 *
 * - backup: the product's Odoo zip (`dump.sql` + `filestore/` + manifest) written to the server's
 *   disk and read back for its checksum, against `pg_dump --no-owner` (plain) plus a `tar` of the
 *   filestore, each streamed out of its container into a file. Target: throughput ≥ 0.8× the bare.
 * - restore: the backup restored as a new instance (role, database, volumes, the zip loaded, Odoo
 *   started and healthy), against `psql` loading the same dump into a new database plus `tar -x`
 *   of the filestore into a volume. Target: throughput ≥ 0.8× the bare.
 * - clone: a staging clone on the same server (template copy, filestore copy, neutralize, Odoo
 *   started), against `CREATE DATABASE … TEMPLATE` plus `cp -a` of the filestore. Target ≤ 1.2×.
 * - memory: the control plane's resident memory sampled during the backup (it runs in this
 *   process), against before it. Target: flat, no growth with the backup's size (at most 64 MB).
 *
 * The instance is seeded with `BENCH_DB_MB` (1024) of rows of random text and `BENCH_FILES_MB`
 * (1024) of 1 MB random files. Needs the local engine and the test images (built on first use) and
 * a few GB of disk; run it under the docker lock:
 * `flock /tmp/ocore-docker.lock npx -y pnpm@10.34.9 bench:instance-backup`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { runtimeNames, sharedPostgres } from '../packages/core/dist/index.js';
import { docker, quiet, startControlPlane, type ControlPlane } from './lib/control-plane.js';
import { mb, onCleanup, requireBuilt, runBench, sleep, tempDir } from './lib/harness.js';
import { ratioOf, report } from './lib/report.js';

const dbMb = Number(process.env['BENCH_DB_MB'] ?? 1024);
const filesMb = Number(process.env['BENCH_FILES_MB'] ?? 1024);
type Names = ReturnType<typeof runtimeNames>;

const sqlIn = (database: string, sql: string) =>
  execFileSync(
    'docker',
    [
      'exec',
      '-i',
      sharedPostgres.container,
      'psql',
      '-X',
      '-q',
      '-tA',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      database,
    ],
    { input: sql, maxBuffer: 1 << 20 },
  )
    .toString()
    .trim();

/** SQL in the shared PostgreSQL's `postgres` database. */
const psql = (sql: string) => sqlIn('postgres', sql);

/** `docker <args>` with its stdout streamed into `file`, or stdin read from `file`. */
async function dockerStream(args: string[], io: { out?: string; in?: string }): Promise<void> {
  const child = spawn('docker', args, { stdio: [io.in ? 'pipe' : 'ignore', io.out ? 'pipe' : 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker ${args[0]} exited ${code}`)))),
  );
  await Promise.all([
    io.out && child.stdout ? pipeline(child.stdout, createWriteStream(io.out)) : undefined,
    io.in && child.stdin ? pipeline(createReadStream(io.in), child.stdin) : undefined,
    exited,
  ]);
}

async function settled(cp: ControlPlane, path: string, done: (body: Record<string, any>) => boolean) {
  for (;;) {
    const body = (await cp.call('GET', path, undefined, cp.token)).body;
    if (['failed'].includes(body['status'])) throw new Error(`${path} failed: ${JSON.stringify(body)}`);
    if (done(body)) return body;
    await sleep(250);
  }
}

async function provision(cp: ControlPlane, name: string): Promise<{ id: string; names: Names }> {
  const created = await cp.call(
    'POST',
    '/instances',
    { serverId: cp.serverId, name, odooVersion: '18.0', workers: 1 },
    cp.token,
  );
  const id = String(created.body['instanceId']);
  const names = runtimeNames({ id, organizationId: '' });
  onCleanup(() => {
    quiet('rm', '-f', names.container);
    quiet('volume', 'rm', names.filestore, names.addons);
  });
  await settled(cp, `/instances/${id}`, (b) => b['status'] === 'running');
  return { id, names };
}

/** Rows of random text (about 1 KB each) up to `dbMb`, and 1 MB random files up to `filesMb`. */
function seed(names: Names): void {
  const rows = Math.max(1, Math.round(dbMb * 1024));
  sqlIn(
    names.database,
    `CREATE TABLE bench_rows (id int PRIMARY KEY, payload text);
INSERT INTO bench_rows SELECT g, (SELECT string_agg(md5(random()::text || i || g), '') FROM generate_series(1, 32) i) FROM generate_series(1, ${rows}) g;`,
  );
  execFileSync('docker', [
    'exec',
    '--user',
    'odoo',
    names.container,
    '/bin/sh',
    '-c',
    `set -e; d=/var/lib/odoo/filestore/${names.database}; i=0; while [ $i -lt ${filesMb} ]; do mkdir -p "$d/$((i % 256))"; head -c 1048576 /dev/urandom > "$d/$((i % 256))/f$i"; i=$((i+1)); done`,
  ]);
}

/** The control plane's peak resident memory while `work` runs, sampled every 50 ms (this process). */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    return { result: await work(), before, peak };
  } finally {
    clearInterval(sampler);
  }
}

runBench(async () => {
  requireBuilt();
  const cp = await startControlPlane();
  const source = await provision(cp, 'Large');
  const seeding = performance.now();
  seed(source.names);
  const dataBytes =
    Number(sqlIn(source.names.database, `SELECT pg_database_size('${source.names.database}');`)) + filesMb * 1048576;
  console.log(`seeded ${mb(dataBytes).toFixed(0)} MB in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  const disk = tempDir('backup-destination');
  const destination = await cp.call(
    'POST',
    '/backup-destinations',
    { name: 'Server disk', kind: 'server', server: { serverId: cp.serverId, directory: disk } },
    cp.token,
  );

  // Backup: the product's zip, against pg_dump plus tar streamed into files.
  const bare = tempDir('bare-backup');
  let started = performance.now();
  await dockerStream(
    [
      'exec',
      sharedPostgres.container,
      'pg_dump',
      '--no-owner',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      source.names.database,
    ],
    { out: `${bare}/dump.sql` },
  );
  await dockerStream(
    ['exec', source.names.container, 'tar', '-C', `/var/lib/odoo/filestore/${source.names.database}`, '-cf', '-', '.'],
    { out: `${bare}/filestore.tar` },
  );
  const bareBackupMs = performance.now() - started;
  console.log(`bare backup ${(bareBackupMs / 1000).toFixed(1)} s`);
  started = performance.now();
  const {
    result: backup,
    before,
    peak,
  } = await peakRss(async () => {
    const asked = await cp.call(
      'POST',
      `/instances/${source.id}/backups`,
      { destinationId: destination.body['id'] },
      cp.token,
    );
    return settled(cp, `/backups/${asked.body['id']}`, (b) => b['status'] === 'completed');
  });
  const backupMs = performance.now() - started;
  console.log(`backup ${(backupMs / 1000).toFixed(1)} s`);
  const backupBytes = Number(backup['sizeBytes']);

  // Restore: as a new instance, against psql and tar -x into a fresh database and volume.
  const bareDb = `bench_restore_${process.pid}`;
  const bareVolume = `ocore-bench-restore-${process.pid}`;
  onCleanup(() => {
    quiet('rm', '-f', bareVolume);
    quiet('volume', 'rm', bareVolume);
    try {
      psql(`DROP DATABASE IF EXISTS ${bareDb};`);
    } catch {
      // Already gone.
    }
  });
  started = performance.now();
  psql(`CREATE DATABASE ${bareDb};`);
  await dockerStream(
    [
      'exec',
      '-i',
      sharedPostgres.container,
      'psql',
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      bareDb,
    ],
    { in: `${bare}/dump.sql` },
  );
  const image = docker('inspect', '-f', '{{.Config.Image}}', source.names.container).trim();
  docker('create', '--name', bareVolume, '-v', `${bareVolume}:/data`, '--entrypoint', 'sleep', image, 'infinity');
  docker('start', bareVolume);
  await dockerStream(['exec', '-i', '--user', 'root', bareVolume, 'tar', '-C', '/data', '-xf', '-'], {
    in: `${bare}/filestore.tar`,
  });
  const bareRestoreMs = performance.now() - started;
  console.log(`bare restore ${(bareRestoreMs / 1000).toFixed(1)} s`);
  started = performance.now();
  const restore = await cp.call(
    'POST',
    `/backups/${backup['id']}/restore`,
    { target: 'new', name: 'Restored' },
    cp.token,
  );
  const restoredId = String(restore.body['instanceId']);
  const restoredNames = runtimeNames({ id: restoredId, organizationId: '' });
  onCleanup(() => {
    quiet('rm', '-f', restoredNames.container);
    quiet('volume', 'rm', restoredNames.filestore, restoredNames.addons);
  });
  await settled(cp, `/instances/${restoredId}`, (b) => b['status'] === 'running');
  const restoreMs = performance.now() - started;
  console.log(`restore as new ${(restoreMs / 1000).toFixed(1)} s`);

  // Clone: the product's staging clone, against CREATE DATABASE … TEMPLATE plus cp -a.
  const bareClone = `bench_clone_${process.pid}`;
  onCleanup(() => {
    try {
      psql(`DROP DATABASE IF EXISTS ${bareClone};`);
    } catch {
      // Already gone.
    }
  });
  started = performance.now();
  psql(
    `ALTER DATABASE ${source.names.database} ALLOW_CONNECTIONS false;
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${source.names.database}';
CREATE DATABASE ${bareClone} TEMPLATE ${source.names.database};
ALTER DATABASE ${source.names.database} ALLOW_CONNECTIONS true;`,
  );
  docker(
    'exec',
    '--user',
    'odoo',
    source.names.container,
    'cp',
    '-a',
    `/var/lib/odoo/filestore/${source.names.database}`,
    `/var/lib/odoo/filestore/bare-clone`,
  );
  const bareCloneMs = performance.now() - started;
  console.log(`bare clone ${(bareCloneMs / 1000).toFixed(1)} s`);
  docker('exec', '--user', 'odoo', source.names.container, 'rm', '-rf', '/var/lib/odoo/filestore/bare-clone');
  started = performance.now();
  const clone = await cp.call('POST', `/instances/${source.id}/clone`, { name: 'Staging', stage: 'staging' }, cp.token);
  const cloneNames = runtimeNames({ id: String(clone.body['instanceId']), organizationId: '' });
  onCleanup(() => {
    quiet('rm', '-f', cloneNames.container);
    quiet('volume', 'rm', cloneNames.filestore, cloneNames.addons);
  });
  await settled(cp, `/instances/${String(clone.body['instanceId'])}`, (b) => b['status'] === 'running');
  const cloneMs = performance.now() - started;

  const throughput = (ms: number) => mb(dataBytes) / (ms / 1000);
  const growth = mb(peak - before);
  report({
    bench: 'instance-backup',
    setup: `an instance of the Odoo stand-in seeded with ${mb(dataBytes).toFixed(0)} MB (database ${dbMb} MB of random text rows, filestore ${filesMb} files of 1 MB), on the local engine reached over SSH (Debian's sshd on loopback); the backup a zip of ${mb(backupBytes).toFixed(0)} MB on the server's disk. Times: backup ${(backupMs / 1000).toFixed(1)} s (bare ${(bareBackupMs / 1000).toFixed(1)} s), restore as new ${(restoreMs / 1000).toFixed(1)} s (bare ${(bareRestoreMs / 1000).toFixed(1)} s), clone ${(cloneMs / 1000).toFixed(1)} s (bare ${(bareCloneMs / 1000).toFixed(1)} s); resident memory ${mb(before).toFixed(0)} MB before the backup, ${mb(peak).toFixed(0)} MB at its peak.`,
    figures: [
      {
        metric: 'backup throughput',
        value: throughput(backupMs),
        unit: 'MB/s',
        baseline: { name: 'pg_dump + tar into files', value: throughput(bareBackupMs) },
        ratio: ratioOf(bareBackupMs, backupMs),
        target: { text: '≥ 0.8× baseline', met: bareBackupMs / backupMs >= 0.8 },
      },
      {
        metric: 'restore throughput (as a new instance)',
        value: throughput(restoreMs),
        unit: 'MB/s',
        baseline: { name: 'psql + tar -x', value: throughput(bareRestoreMs) },
        ratio: ratioOf(bareRestoreMs, restoreMs),
        target: { text: '≥ 0.8× baseline', met: bareRestoreMs / restoreMs >= 0.8 },
      },
      {
        metric: 'staging clone',
        value: cloneMs / 1000,
        unit: 's',
        baseline: { name: 'CREATE DATABASE … TEMPLATE + cp -a', value: bareCloneMs / 1000 },
        ratio: ratioOf(cloneMs, bareCloneMs),
        target: { text: '≤ 1.2×', met: cloneMs <= 1.2 * bareCloneMs },
      },
      {
        metric: 'control plane memory growth during the backup',
        value: growth,
        unit: 'MB',
        baseline: { name: 'backup size', value: mb(backupBytes) },
        ratio: ratioOf(growth, mb(backupBytes)),
        target: { text: 'flat (≤ 64 MB)', met: growth <= 64 },
      },
    ],
  });
});
