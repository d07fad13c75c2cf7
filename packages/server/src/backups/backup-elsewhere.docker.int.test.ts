import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedPostgres } from '@ocore/core';
import { ZipFile } from 'yazl';
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

/**
 * Backups restored elsewhere, for real (an engine over SSH, the Odoo stand-in and PostgreSQL
 * test images): rows and a file seeded in an instance, backed up to the server's disk, drilled
 * in a throwaway container, restored as a new instance, cloned to staging (neutralized, same
 * project) on its server and onto another, and the backup's zip imported into another instance; a zip of another Odoo
 * version is refused.
 */
const repo = 'ocore-test-clones/odoo';
let f: RuntimeFixture;
let t: TestApp;
let token: string;
let organizationId: string;
let serverId: string;
let projectId: string;
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

/** A zip with an Odoo manifest of `version` and an empty dump. */
function zipOf(version: string): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addBuffer(
    Buffer.from(JSON.stringify({ version, version_info: [Number(version.split('.')[0]), 0] })),
    'manifest.json',
  );
  zip.addBuffer(Buffer.from('SELECT 1;\n'), 'dump.sql');
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (d: Buffer) => parts.push(d));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

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
  projectId = (await t.api('POST', '/api/projects', { token, body: { name: 'Shop' } })).body.id;
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

describe('backups restored elsewhere', () => {
  it('drills a backup, restores it as a new instance, clones to staging and imports the zip', async () => {
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId, projectId, name: 'Production', odooVersion: '18.0', workers: 1 },
    });
    const sourceId = created.body.instanceId as string;
    let source = await settled(sourceId);
    // The stand-in may race its own first initialization (see backup-restore's test): a redeploy converges.
    if (source.status !== 'running') {
      await t.api('POST', `/api/instances/${sourceId}/redeploy`, { token });
      source = await settled(sourceId);
    }
    expect(source.status, source.failureReason).toBe('running');
    const src = namesOf(sourceId);
    await sql(
      src,
      "CREATE TABLE drill_probe (id int PRIMARY KEY, note text);\nINSERT INTO drill_probe SELECT g, 'row ' || g FROM generate_series(1, 300) g;",
    );
    await sh(
      src,
      `mkdir -p /var/lib/odoo/filestore/${src.database}/cd && head -c 200000 /dev/urandom > /var/lib/odoo/filestore/${src.database}/cd/cdef0123`,
    );
    const rows = await probe(src);
    const sum = await fileSum(src);

    const dir = mkdtempSync(join(tmpdir(), 'ocore-drills-'));
    dirs.push(dir);
    const destination = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'Server disk', kind: 'server', server: { serverId, directory: dir } },
    });
    const asked = await t.api('POST', `/api/instances/${sourceId}/backups`, {
      token,
      body: { destinationId: destination.body.id },
    });
    const backup = await eventually(
      'the backup',
      async () => {
        const got = (await t.api('GET', `/api/backups/${asked.body.id}`, { token })).body;
        return ['completed', 'failed'].includes(got.status) ? got : undefined;
      },
      120_000,
    );
    expect(backup.status, backup.reason).toBe('completed');

    // The drill: restored in a throwaway container, checked, removed; the backup says when.
    const drill = await t.api('POST', `/api/backups/${backup.id}/verify`, { token });
    expect(drill.status, JSON.stringify(drill.body)).toBe(202);
    expect(drill.body.target).toBe('verify');
    const drilled = await restoreDone(backup.id, drill.body.id);
    expect(drilled.status, drilled.error ?? '').toBe('succeeded');
    const verified = (await t.api('GET', `/api/backups/${backup.id}`, { token })).body;
    expect(verified).toMatchObject({ verifyStatus: 'passed', verifyReason: null });
    expect(verified.verifiedAt).toEqual(expect.any(String));
    const ownRestores = (await t.api('GET', `/api/instances/${sourceId}/restores`, { token })).body;
    expect(ownRestores.items[0]).toMatchObject({ id: drill.body.id, target: 'verify', status: 'succeeded' });
    expect(dockerQuiet('ps', '-aq', '--filter', `label=ocore.instance=${drill.body.id}`).trim()).toBe('');
    expect(dockerQuiet('volume', 'ls', '-q', '--filter', `label=ocore.instance=${drill.body.id}`).trim()).toBe('');

    // Restored as a new instance: the same rows and file, in the same project by default.
    const asNew = await t.api('POST', `/api/backups/${backup.id}/restore`, {
      token,
      body: { target: 'new', name: 'Restored copy', stage: 'development' },
    });
    expect(asNew.status, JSON.stringify(asNew.body)).toBe(202);
    const restoredId = asNew.body.instanceId as string;
    expect(restoredId).not.toBe(sourceId);
    const restored = await restoreDone(backup.id, asNew.body.id);
    expect(restored.status, restored.error ?? '').toBe('succeeded');
    expect((await t.api('GET', `/api/instances/${restoredId}`, { token })).body).toMatchObject({
      status: 'running',
      odooVersion: '18.0',
      stage: 'development',
      projectId,
    });
    const copy = namesOf(restoredId);
    expect(await probe(copy)).toBe(rows);
    expect(await fileSum(copy)).toBe(sum);

    // Cloned to staging on the same server: template copy, filestore copy, neutralized.
    const cloned = await t.api('POST', `/api/instances/${sourceId}/clone`, {
      token,
      body: { name: 'Staging', stage: 'staging', neutralize: true },
    });
    expect(cloned.status, JSON.stringify(cloned.body)).toBe(202);
    const cloneId = cloned.body.instanceId as string;
    const clone = await settled(cloneId);
    expect(clone, clone.failureReason).toMatchObject({ status: 'running', stage: 'staging', projectId });
    const staging = namesOf(cloneId);
    expect(await probe(staging)).toBe(rows);
    expect(await fileSum(staging)).toBe(sum);
    expect(await sql(staging, "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized';")).toBe(
      'true',
    );
    expect(await sql(staging, 'SELECT count(*) FROM ir_cron WHERE active;')).toBe('0');
    expect(await sql(src, 'SELECT count(*) FROM ir_cron WHERE active;')).not.toBe('0');
    // The source keeps its database (and its owner), and still answers.
    expect(await sql(src, `SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '${src.database}';`)).toBe(
      src.database,
    );
    expect(await probe(src)).toBe(rows);
    expect((await t.api('GET', `/api/instances/${sourceId}`, { token })).body.status).toBe('running');

    // Onto another server (a second server record reaching the same engine over SSH): the
    // database streamed with pg_dump into pg_restore, the filestore as the engine's archive.
    const far = await t.api('POST', '/api/servers', {
      token,
      body: {
        name: 'loopback-2',
        host: f.sshd.host,
        port: f.sshd.port,
        sshUser: f.sshd.user,
        sshPrivateKey: f.sshd.privateKey,
        capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
      },
    });
    expect(far.status, JSON.stringify(far.body)).toBe(201);
    const elsewhere = await t.api('POST', `/api/instances/${sourceId}/clone`, {
      token,
      body: { name: 'Far', stage: 'development', serverId: far.body.id },
    });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(202);
    const farId = elsewhere.body.instanceId as string;
    const farClone = await settled(farId);
    expect(farClone, farClone.failureReason).toMatchObject({ status: 'running', stage: 'development', projectId });
    expect((await t.api('GET', `/api/instances/${farId}`, { token })).body.serverId).toBe(far.body.id);
    const farNames = namesOf(farId);
    expect(await probe(farNames)).toBe(rows);
    expect(await fileSum(farNames)).toBe(sum);
    expect(await sh(farNames, `stat -c %U /var/lib/odoo/filestore/${farNames.database}/cd/cdef0123`)).toBe('odoo');
    expect(await sql(farNames, "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized';")).toBe(
      'true',
    );
    const steps = (await t.api('GET', `/api/instances/${farId}/operations`, { token })).body.items[0].logs as {
      text: string;
    }[];
    expect(steps.map((l) => l.text)).toContain('stream the filestore from the source’s server');

    // The backup's zip imported into the restored copy (raw body): its rows come back.
    await sql(copy, 'DELETE FROM drill_probe WHERE id > 5;');
    const zip = Buffer.from(
      await (
        await fetch(`${t.url}/api/backups/${backup.id}/download`, { headers: { Authorization: `Bearer ${token}` } })
      ).arrayBuffer(),
    );
    const imported = await fetch(`${t.url}/api/instances/${restoredId}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/zip' },
      body: zip,
    });
    const importBody = await imported.json();
    expect(imported.status, JSON.stringify(importBody)).toBe(202);
    expect(importBody.backup).toMatchObject({ trigger: 'import', status: 'completed', sizeBytes: zip.length });
    const importRestore = await restoreDone(importBody.backup.id, importBody.restore.id);
    expect(importRestore.status, importRestore.error ?? '').toBe('succeeded');
    expect(await probe(copy)).toBe(rows);
    expect(await fileSum(copy)).toBe(sum);

    // A zip of another version (multipart) is refused naming both, and nothing of it is kept.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await zipOf('17.0'))]), 'odoo17.zip');
    const before = (await t.api('GET', `/api/instances/${restoredId}/backups`, { token })).body.total;
    const refused = await fetch(`${t.url}/api/instances/${restoredId}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const refusal = await refused.json();
    expect(refused.status).toBe(400);
    expect(refusal.message).toMatch(/Odoo 17\.0.*Odoo 18\.0/);
    expect((await t.api('GET', `/api/instances/${restoredId}/backups`, { token })).body.total).toBe(before);
  }, 900_000);
});
