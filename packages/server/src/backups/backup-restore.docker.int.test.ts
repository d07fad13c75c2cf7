import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeNames, sharedPostgres } from '@ocore/core';
import S3rver from 's3rver';
import { fromBuffer, type Entry } from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { instanceSh, instanceSql } from './testing/instance-shell.js';

/**
 * Backups and restores for real: an instance on a real engine reached over SSH (the Odoo
 * stand-in and PostgreSQL test images), rows in its database and a file in its filestore,
 * backed up to an S3-compatible server on loopback (s3rver) and to the server's own disk
 * (over its SSH), dropped, restored in place, and read back the same.
 */
const repo = 'ocore-test-backups/odoo';
let f: RuntimeFixture;
let t: TestApp;
let s3: S3rver;
let s3Endpoint: string;
let token: string;
let serverId: string;
let instanceId: string;
let names: ReturnType<typeof runtimeNames>;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocore-backups-'));
  dirs.push(dir);
  return dir;
};
const dockerQuiet = (...args: string[]) => {
  try {
    return execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  } catch {
    return '';
  }
};

const sql = (text: string) => instanceSql(f.runtime, names, text);
const sh = (script: string) => instanceSh(f.runtime, names, script);

const filestore = () => `/var/lib/odoo/filestore/${names.database}`;
const rows = () => sql('SELECT id, note FROM backup_probe ORDER BY id;');
const fileSum = () => sh(`sha256sum ${filestore()}/ab/abcdef0123 | cut -d' ' -f1`);

async function backUp(destinationId: string): Promise<{ id: string; status: string; reason: string | null }> {
  const created = await t.api('POST', `/api/instances/${instanceId}/backups`, { token, body: { destinationId } });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  return eventually(
    'the backup to finish',
    async () => {
      const backup = (await t.api('GET', `/api/backups/${created.body.id}`, { token })).body;
      return ['completed', 'failed'].includes(backup.status) ? backup : undefined;
    },
    120_000,
  );
}

async function restore(
  backupId: string,
): Promise<{ status: string; step: string | null; error: string | null; safetyBackupId: string }> {
  const asked = await t.api('POST', `/api/backups/${backupId}/restore`, { token, body: { target: 'in-place' } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  return eventually(
    'the restore to finish',
    async () => {
      const [latest] = (await t.api('GET', `/api/backups/${backupId}/restores`, { token })).body.items;
      return ['succeeded', 'failed'].includes(latest.status) ? latest : undefined;
    },
    180_000,
  );
}

async function destination(body: Record<string, unknown>): Promise<string> {
  const created = await t.api('POST', '/api/backup-destinations', { token, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

function zipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      const found = new Map<string, Buffer>();
      file.on('entry', (entry: Entry) =>
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(parts));
            file.readEntry();
          });
        }),
      );
      file.on('end', () => resolve(found));
      file.readEntry();
    });
  });
}

beforeAll(async () => {
  f = await startRuntimeFixture();
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: temp(),
    configureBuckets: [{ name: 'backups', configs: [] }],
  });
  s3Endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  t = await startTestApp({
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
  });
  token = (await t.signup()).token;
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
  serverId = server.body.id;
  const created = await t.api('POST', '/api/instances', {
    token,
    body: { serverId, name: 'Backed Up', odooVersion: '18.0', workers: 1 },
  });
  instanceId = created.body.instanceId;
  names = runtimeNames({ id: instanceId, organizationId: '' });
  // The stand-in's first start and the module install may both initialize the new database at
  // once (a duplicate pg_type key, seen on this machine): a redeploy converges, as it would for a user.
  for (let attempt = 1; ; attempt += 1) {
    const instance = await eventually(
      'the instance to settle',
      async () => {
        const got = (await t.api('GET', `/api/instances/${instanceId}`, { token })).body;
        return ['running', 'failed'].includes(got.status) ? got : undefined;
      },
      180_000,
    );
    if (instance.status === 'running') break;
    if (attempt === 2) throw new Error(`the instance failed: ${instance.failedStep}: ${instance.failureReason}`);
    expect((await t.api('POST', `/api/instances/${instanceId}/redeploy`, { token })).status).toBe(202);
  }
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  await s3?.close();
  if (names) {
    dockerQuiet('rm', '-f', names.container);
    dockerQuiet('volume', 'rm', names.filestore, names.addons);
  }
  dockerQuiet('rm', '-f', sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('backups of a real instance', () => {
  it('backs up to S3 and to the server’s disk, and restores in place the same rows and files', async () => {
    await sql(
      "CREATE TABLE backup_probe (id int PRIMARY KEY, note text);\nINSERT INTO backup_probe SELECT g, 'row ' || g FROM generate_series(1, 500) g;",
    );
    await sh(`mkdir -p ${filestore()}/ab && head -c 300000 /dev/urandom > ${filestore()}/ab/abcdef0123`);
    const rowsBefore = await rows();
    const sumBefore = await fileSum();
    expect(rowsBefore.split('\n')).toHaveLength(500);

    const s3Id = await destination({
      name: 'Loopback S3',
      kind: 's3',
      s3: { endpoint: s3Endpoint, bucket: 'backups', prefix: 'ocore', forcePathStyle: true },
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    expect((await t.api('POST', `/api/backup-destinations/${s3Id}/test`, { token })).body).toMatchObject({ ok: true });
    const diskDir = temp();
    const diskId = await destination({ name: 'Server disk', kind: 'server', server: { serverId, directory: diskDir } });

    const toS3 = await backUp(s3Id);
    expect(toS3, toS3.reason ?? '').toMatchObject({ status: 'completed', reason: null });
    const toDisk = await backUp(diskId);
    expect(toDisk, toDisk.reason ?? '').toMatchObject({ status: 'completed' });
    // Nothing half-written under its final name: one whole zip on the disk, no .partial.
    const onDisk = execFileSync('find', [diskDir, '-type', 'f']).toString().trim().split('\n');
    expect(onDisk).toHaveLength(1);
    expect(onDisk[0]).toMatch(/\.zip$/);

    // The download is the zip as Odoo lays it out, with the checksum the backup records.
    const download = await fetch(`${t.url}/api/backups/${toS3.id}/download`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    const zip = Buffer.from(await download.arrayBuffer());
    const record = (await t.api('GET', `/api/backups/${toS3.id}`, { token })).body;
    expect(zip.length).toBe(record.sizeBytes);
    expect(execFileSync('sha256sum', { input: zip }).toString().split(' ')[0]).toBe(record.sha256);
    const entries = await zipEntries(zip);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({
      version: '18.0',
      db_name: names.database,
      modules: expect.objectContaining({ base: expect.any(String) }),
    });
    expect(manifest.pg_version).toMatch(/^15/);
    expect(entries.get('dump.sql')!.toString()).toContain('CREATE TABLE public.backup_probe');
    expect(entries.has('filestore/ab/abcdef0123')).toBe(true);

    // Lose the data, then restore it.
    await sql('DELETE FROM backup_probe WHERE id > 10;');
    await sh(`rm -f ${filestore()}/ab/abcdef0123`);
    const restored = await restore(toS3.id);
    expect(restored, restored.error ?? '').toMatchObject({ status: 'succeeded', error: null });
    expect(await rows()).toBe(rowsBefore);
    expect(await fileSum()).toBe(sumBefore);
    const instance = (await t.api('GET', `/api/instances/${instanceId}`, { token })).body;
    expect(instance.status).toBe('running');
    expect((await t.api('GET', `/api/backups/${restored.safetyBackupId}`, { token })).body).toMatchObject({
      status: 'completed',
      trigger: 'safety',
    });
    // Nothing of the restore is left beside the live data.
    const databases = await sql("SELECT datname FROM pg_database WHERE datname LIKE 'odoo_%' ORDER BY 1;");
    expect(databases.split('\n').filter((d) => d.startsWith(names.database))).toEqual([names.database]);
    expect(await sh(`ls /var/lib/odoo/filestore`)).toBe(names.database);

    // A restore that fails (its zip is gone from the disk) leaves the instance as it was.
    await sql('DELETE FROM backup_probe WHERE id > 400;');
    const trimmed = await rows();
    for (const file of onDisk) rmSync(file);
    const failed = await restore(toDisk.id);
    expect(failed).toMatchObject({ status: 'failed', step: 'load the backup into a new database' });
    expect(await rows()).toBe(trimmed);
    expect(await fileSum()).toBe(sumBefore);
    expect((await t.api('GET', `/api/instances/${instanceId}`, { token })).body.status).toBe('running');
    expect(readdirSync(diskDir, { recursive: true }).filter((p) => String(p).endsWith('.zip'))).toHaveLength(1);
  }, 600_000);

  it('fails the backup with the reason when the destination refuses it, and lists nothing as usable', async () => {
    const refusing = await destination({
      name: 'No bucket',
      kind: 's3',
      s3: { endpoint: s3Endpoint, bucket: 'no-such-bucket', forcePathStyle: true },
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const backup = await backUp(refusing);
    expect(backup.status).toBe('failed');
    expect(backup.reason).toMatch(/bucket/i);
    expect((await t.api('GET', `/api/backups/${backup.id}/download`, { token })).status).toBe(400);
  }, 300_000);
});
