import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPostgres } from '@ocore/core';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { fromBuffer, type Entry } from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  imagesTimeoutMs,
  removeLabelled,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { dockerQuiet, instanceSh, instanceSql, namesOf, type Names } from './testing/instance-shell.js';
import { startDroppingProxy } from './testing/dropping-proxy.js';

/**
 * Encrypted backups and the `dump` variant, for real (an engine over SSH, the Odoo stand-in and
 * PostgreSQL test images): rows and a file seeded in an instance; an encrypted backup on the
 * server's disk holds no plaintext, downloads decrypted, drills, and restores in place, and once
 * altered fails to restore saying why with the instance left as it was; a `dump` backup
 * (pg_dump custom format and a tar) restores in place, as a new instance, and imports.
 */
const repo = 'ocore-test-formats/odoo';
let f: RuntimeFixture;
let t: TestApp;
let token: string;
let organizationId: string;
let serverId: string;
let sourceId: string;
let src: Names;
let destinationId: string;
let diskDir: string;
const dirs: string[] = [];
const sql = (names: Names, text: string) => instanceSql(f.runtime, names, text);
const sh = (names: Names, script: string) => instanceSh(f.runtime, names, script);

const probe = (names: Names) => sql(names, 'SELECT id, note FROM drill_probe ORDER BY id;');
const fileSum = (names: Names) =>
  sh(names, `sha256sum /var/lib/odoo/filestore/${names.database}/cd/cdef0123 | cut -d' ' -f1`);

async function settled(id: string): Promise<{ status: string; failedStep: string; failureReason: string }> {
  return eventually(
    'the instance to settle',
    async () => {
      const got = (await t.api('GET', `/api/instances/${id}`, { token })).body;
      return ['running', 'failed'].includes(got.status) ? got : undefined;
    },
    240_000,
  );
}

async function restoreDone(backupId: string, restoreId: string) {
  return eventually(
    'the restore to finish',
    async () => {
      const items = (await t.api('GET', `/api/backups/${backupId}/restores`, { token })).body.items as {
        id: string;
        status: string;
        error: string | null;
        instanceId: string;
      }[];
      const found = items.find((r) => r.id === restoreId);
      return found && ['succeeded', 'failed'].includes(found.status) ? found : undefined;
    },
    240_000,
  );
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

async function backUp(format: 'zip' | 'dump') {
  const asked = await t.api('POST', `/api/instances/${sourceId}/backups`, { token, body: { destinationId, format } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  return eventually(
    'the backup',
    async () => {
      const got = (await t.api('GET', `/api/backups/${asked.body.id}`, { token })).body;
      return ['completed', 'failed'].includes(got.status) ? got : undefined;
    },
    180_000,
  );
}

async function restoreIt(backupId: string, body: Record<string, unknown>) {
  const asked = await t.api('POST', `/api/backups/${backupId}/restore`, { token, body });
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  return { ...(await restoreDone(backupId, asked.body.id)), newId: asked.body.instanceId as string };
}

async function download(backupId: string): Promise<Buffer> {
  const got = await fetch(`${t.url}/api/backups/${backupId}/download`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(got.status).toBe(200);
  return Buffer.from(await got.arrayBuffer());
}

/** The backup's one file on the server's disk. */
const storedFile = (backupId: string) =>
  execFileSync('find', [diskDir, '-type', 'f', '-name', `${backupId}*`])
    .toString()
    .trim();
const sha256 = (bytes: Buffer) => execFileSync('sha256sum', { input: bytes }).toString().split(' ')[0];

beforeAll(async () => {
  f = await startRuntimeFixture();
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  t = await startTestApp({
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
  });
  const signedUp = await t.signup();
  token = signedUp.token;
  organizationId = signedUp.organization.id;
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
    body: { serverId, name: 'Production', odooVersion: '18.0', workers: 1 },
  });
  sourceId = created.body.instanceId as string;
  let source = await settled(sourceId);
  // The stand-in may race its own first initialization (see backup-restore's test): a redeploy converges.
  if (source.status !== 'running') {
    await t.api('POST', `/api/instances/${sourceId}/redeploy`, { token });
    source = await settled(sourceId);
  }
  expect(source.status, source.failureReason).toBe('running');
  src = namesOf(sourceId);
  await sql(
    src,
    "CREATE TABLE drill_probe (id int PRIMARY KEY, note text);\nINSERT INTO drill_probe SELECT g, 'row ' || g FROM generate_series(1, 300) g;",
  );
  await sh(
    src,
    `mkdir -p /var/lib/odoo/filestore/${src.database}/cd && head -c 200000 /dev/urandom > /var/lib/odoo/filestore/${src.database}/cd/cdef0123`,
  );
  diskDir = mkdtempSync(join(tmpdir(), 'ocore-formats-'));
  dirs.push(diskDir);
  const destination = await t.api('POST', '/api/backup-destinations', {
    token,
    body: { name: 'Server disk', kind: 'server', server: { serverId, directory: diskDir } },
  });
  destinationId = destination.body.id;
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  if (organizationId) await removeLabelled(`ocore.organization=${organizationId}`).catch(() => undefined);
  dockerQuiet('rm', '-f', sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('encrypted backups and the dump variant', () => {
  it('encrypts a backup at rest, drills it, restores it, and refuses it once altered', async () => {
    const rows = await probe(src);
    const sum = await fileSum(src);
    const on = await t.api('PUT', '/api/org/settings', { token, body: { backupEncryption: true } });
    expect(on.body).toMatchObject({ backupEncryption: true, hasBackupKey: false });
    const backup = await backUp('zip');
    expect(backup, backup.reason).toMatchObject({ status: 'completed', encrypted: true, format: 'zip' });
    expect((await t.api('GET', '/api/org/settings', { token })).body.hasBackupKey).toBe(true);
    // What the destination holds is the encrypted bytes, and the record's checksum is theirs.
    const file = storedFile(backup.id);
    const stored = readFileSync(file);
    expect(stored.subarray(0, 8).toString()).toBe('OCBKENC1');
    expect(stored.includes(Buffer.from('manifest.json'))).toBe(false);
    expect(stored.length).toBe(backup.sizeBytes);
    expect(sha256(stored)).toBe(backup.sha256);
    // The download is the Odoo zip itself, decrypted.
    const zip = await download(backup.id);
    const entries = await zipEntries(zip);
    expect(entries.get('dump.sql')!.toString()).toContain('CREATE TABLE public.drill_probe');
    expect(entries.has('filestore/cd/cdef0123')).toBe(true);

    const drill = await t.api('POST', `/api/backups/${backup.id}/verify`, { token });
    expect(drill.status, JSON.stringify(drill.body)).toBe(202);
    const drilled = await restoreDone(backup.id, drill.body.id);
    expect(drilled.status, drilled.error ?? '').toBe('succeeded');
    expect((await t.api('GET', `/api/backups/${backup.id}`, { token })).body.verifyStatus).toBe('passed');

    await sql(src, 'DELETE FROM drill_probe WHERE id > 10;');
    const restored = await restoreIt(backup.id, { target: 'in-place' });
    expect(restored.status, restored.error ?? '').toBe('succeeded');
    expect(await probe(src)).toBe(rows);
    expect(await fileSum(src)).toBe(sum);

    // One byte altered in the middle: the restore fails saying why, and the instance is as it was.
    await sql(src, 'DELETE FROM drill_probe WHERE id > 250;');
    const trimmed = await probe(src);
    const altered = Buffer.from(stored);
    altered[Math.floor(altered.length / 2)]! ^= 1;
    writeFileSync(file, altered);
    const refused = await restoreIt(backup.id, { target: 'in-place' });
    expect(refused).toMatchObject({ status: 'failed', step: 'load the backup into a new database' });
    expect(refused.error).toMatch(/does not decrypt with the organization’s key/);
    expect(await probe(src)).toBe(trimmed);
    expect(await fileSum(src)).toBe(sum);
    expect((await t.api('GET', `/api/instances/${sourceId}`, { token })).body.status).toBe('running');
    const left = await sql(src, "SELECT datname FROM pg_database WHERE datname LIKE 'odoo_%' ORDER BY 1;");
    expect(left.split('\n').filter((d) => d.startsWith(src.database))).toEqual([src.database]);
    await t.api('PUT', '/api/org/settings', { token, body: { backupEncryption: false } });
  }, 900_000);

  it('makes a dump backup (custom-format pg_dump and a tar) that restores in place, as new, and imports', async () => {
    const rows = await probe(src);
    const sum = await fileSum(src);
    const backup = await backUp('dump');
    expect(backup, backup.reason).toMatchObject({ status: 'completed', format: 'dump', encrypted: false });
    const zip = await download(backup.id);
    expect(sha256(zip)).toBe(backup.sha256);
    const entries = await zipEntries(zip);
    expect(entries.get('dump.dump')!.subarray(0, 5).toString()).toBe('PGDMP');
    expect(JSON.parse(entries.get('filestore.json')!.toString()).files).toContainEqual({
      path: 'cd/cdef0123',
      sizeBytes: 200_000,
    });
    expect(entries.get('filestore.tar')!.length).toBeGreaterThan(200_000);
    expect(JSON.parse(entries.get('manifest.json')!.toString())).toMatchObject({ version: '18.0' });

    await sql(src, 'DELETE FROM drill_probe WHERE id > 10;');
    await sh(src, `rm -f /var/lib/odoo/filestore/${src.database}/cd/cdef0123`);
    const inPlace = await restoreIt(backup.id, { target: 'in-place' });
    expect(inPlace.status, inPlace.error ?? '').toBe('succeeded');
    expect(await probe(src)).toBe(rows);
    expect(await fileSum(src)).toBe(sum);

    const asNew = await restoreIt(backup.id, { target: 'new', name: 'From dump', stage: 'development' });
    expect(asNew.status, asNew.error ?? '').toBe('succeeded');
    const copy = namesOf(asNew.newId);
    expect(await probe(copy)).toBe(rows);
    expect(await fileSum(copy)).toBe(sum);

    await sql(copy, 'DELETE FROM drill_probe WHERE id > 5;');
    const imported = await fetch(`${t.url}/api/instances/${asNew.newId}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/zip' },
      body: new Uint8Array(zip),
    });
    const importBody = await imported.json();
    expect(imported.status, JSON.stringify(importBody)).toBe(202);
    expect(importBody.backup).toMatchObject({ trigger: 'import', status: 'completed', format: 'dump' });
    const importRestore = await restoreDone(importBody.backup.id, importBody.restore.id);
    expect(importRestore.status, importRestore.error ?? '').toBe('succeeded');
    expect(await probe(copy)).toBe(rows);
    expect(await fileSum(copy)).toBe(sum);
  }, 900_000);

  it('fails a backup whose S3 connection drops half way: no completed record, nothing listed', async () => {
    const big = `/var/lib/odoo/filestore/${src.database}/cd/big0001`;
    await sh(src, `head -c 4000000 /dev/urandom > ${big}`);
    const directory = mkdtempSync(join(tmpdir(), 'ocore-s3-'));
    dirs.push(directory);
    const s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: 'backups', configs: [] }],
    });
    const port = (await s3.run()).port;
    // The backup (over 4 MB) goes through a proxy that cuts each connection after 1 MB. s3rver
    // keeps the bytes of a cut PUT (S3 refuses a body shorter than its Content-Length), so the
    // failed backup's cleanup must reach it to remove them: short requests pass.
    const proxy = await startDroppingProxy(port, 1024 * 1024, { perConnection: true });
    try {
      const s3Destination = await t.api('POST', '/api/backup-destinations', {
        token,
        body: {
          name: 'Dropping S3',
          kind: 's3',
          s3: { endpoint: `http://127.0.0.1:${proxy.port}`, bucket: 'backups', prefix: 'ocore', forcePathStyle: true },
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        },
      });
      const asked = await t.api('POST', `/api/instances/${sourceId}/backups`, {
        token,
        body: { destinationId: s3Destination.body.id },
      });
      expect(asked.status, JSON.stringify(asked.body)).toBe(202);
      const backup = await eventually(
        'the backup',
        async () => {
          const got = (await t.api('GET', `/api/backups/${asked.body.id}`, { token })).body;
          return ['completed', 'failed'].includes(got.status) ? got : undefined;
        },
        180_000,
      );
      expect(proxy.dropped()).toBe(true);
      expect(backup.status).toBe('failed');
      expect(backup.reason).toMatch(/S3/);
      expect((await t.api('GET', `/api/backups/${backup.id}/download`, { token })).status).toBe(400);
      const listed = await t.api('GET', `/api/instances/${sourceId}/backups`, { token });
      expect(listed.body.items.find((b: { id: string }) => b.id === backup.id).status).toBe('failed');
      // Straight at the S3 server (not through the proxy): no object of it, whole or half.
      const direct = new S3Client({
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      const objects = await direct.send(new ListObjectsV2Command({ Bucket: 'backups' }));
      expect((objects.Contents ?? []).map((o) => o.Key)).toEqual([]);
      direct.destroy();
    } finally {
      await proxy.close();
      await s3.close();
      await sh(src, `rm -f ${big}`);
    }
  }, 300_000);
});
