import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeNames, sharedPostgres } from '@ocore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  imagesTimeoutMs,
  startRuntimeFixture,
  type RuntimeFixture,
} from '../runtime/testing/runtime-fixture.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * The file editor and the databases of an instance on a real engine over SSH: a client's
 * instance (Odoo stand-in, shared PostgreSQL) provisioned for real, then its files and
 * databases worked on through the REST API by a client member and by the agency's operator.
 */
const repo = 'ocore-test-filesdb/odoo';
let f: RuntimeFixture;
let t: TestApp;
let agencyToken: string;
let operator: string;
let member: string;
let id: string;
let names: ReturnType<typeof runtimeNames>;
/** The organization's default backup destination: a directory on the server's disk. */
const backupDir = mkdtempSync(join(tmpdir(), 'ocore-filesdb-backups-'));

const dockerQuiet = (...args: string[]) => {
  try {
    return execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  } catch {
    return '';
  }
};

beforeAll(async () => {
  f = await startRuntimeFixture();
  // As in instance-lifecycle: the stand-in's odoo.py gets its exec bit back, nothing else.
  execFileSync('docker', ['build', '-q', '-t', `${repo}:18`, '-'], {
    input: 'FROM ocore-test/odoo:18\nUSER root\nRUN chmod 755 /usr/bin/odoo\nUSER odoo\n',
  });
  t = await startTestApp({
    OCORE_INSTANCE_BASE_DOMAIN: 'apps.test',
    OCORE_INSTANCE_ODOO_IMAGE: `${repo}:{major}`,
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    OCORE_INSTANCE_HEALTH_TIMEOUT_SECONDS: '30',
  });
  const agency = await t.agency();
  agencyToken = agency.token;
  const client = await t.client(agency);
  operator = client.operatorToken;
  const invited = await t.addMember(operator, 'dev@client.test', 'Developer');
  member = (await t.api('POST', '/api/auth/switch-org', { token: invited.token, body: { organizationId: client.id } }))
    .body.token;
  const server = await t.api('POST', '/api/servers', {
    token: operator,
    body: {
      name: 'loopback',
      host: f.sshd.host,
      port: f.sshd.port,
      sshUser: f.sshd.user,
      sshPrivateKey: f.sshd.privateKey,
      capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    },
  });
  expect(server.status).toBe(201);
  const disk = await t.api('POST', '/api/backup-destinations', {
    token: operator,
    body: { name: 'Disk', kind: 'server', server: { serverId: server.body.id, directory: backupDir } },
  });
  expect(disk.status).toBe(201);
  await t.api('PUT', '/api/org/settings', { token: operator, body: { backupDestinationId: disk.body.id } });
  const created = await t.api('POST', '/api/instances', {
    token: operator,
    body: { serverId: server.body.id, name: 'Files Co', odooVersion: '18.0', workers: 1 },
  });
  expect(created.status).toBe(202);
  id = created.body.instanceId;
  names = runtimeNames({ id, organizationId: client.id });
  await running();
}, imagesTimeoutMs);

afterAll(async () => {
  await t?.close();
  if (id) {
    dockerQuiet('rm', '-f', names.container);
    dockerQuiet('volume', 'rm', names.filestore, names.addons);
  }
  dockerQuiet('rm', '-f', sharedPostgres.container);
  dockerQuiet('volume', 'rm', sharedPostgres.volume);
  for (const net of dockerQuiet('network', 'ls', '-q', '--filter', 'name=ocore-net-').split('\n').filter(Boolean))
    dockerQuiet('network', 'rm', net);
  dockerQuiet('rmi', `${repo}:18`);
  await f?.cleanup();
  rmSync(backupDir, { recursive: true, force: true });
}, 120_000);

/** Waits until the instance runs again (after its provision or a restart). */
function running(): Promise<unknown> {
  return eventually(
    'the instance to run',
    async () => {
      const got = (await t.api('GET', `/api/instances/${id}`, { token: operator })).body;
      if (got.status === 'failed') throw new Error(`${got.failedStep}: ${got.failureReason}`);
      return got.status === 'running' ? got : undefined;
    },
    120_000,
  );
}

const files = `/api/instances/{id}/files`;
const api = (method: string, path: string, token: string, body?: unknown) =>
  t.api(method, path.replace('{id}', id), { token, ...(body === undefined ? {} : { body }) });
const q = encodeURIComponent;

describe('the file editor of a running instance', () => {
  it('writes, reads, conflicts, refuses ways out, and marks odoo.conf for a restart', async () => {
    const roots = await api('GET', files, member);
    expect(roots.status).toBe(200);
    expect(roots.body.items.map((i: { path: string }) => i.path)).toEqual(['/mnt/extra-addons', '/etc/odoo/odoo.conf']);

    expect((await api('POST', files, member, { path: 'my_module', type: 'directory' })).status).toBe(201);
    const created = await api('PUT', `${files}/content`, member, {
      path: 'my_module/__manifest__.py',
      content: "{'name': 'Mine'}\n",
      expectedVersion: null,
    });
    expect(created.status).toBe(200);
    const read = await api('GET', `${files}/content?path=${q('/mnt/extra-addons/my_module/__manifest__.py')}`, member);
    expect(read.body).toMatchObject({
      content: "{'name': 'Mine'}\n",
      version: created.body.version,
      language: 'python',
    });
    // Written as the Odoo user, in the addons volume.
    const owner = await f.runtime.exec(names.container, {
      command: ['stat', '-c', '%U', '/mnt/extra-addons/my_module/__manifest__.py'],
    });
    expect(owner.stdout.trim()).toBe('odoo');

    const saved = await api('PUT', `${files}/content`, member, {
      path: 'my_module/__manifest__.py',
      content: "{'name': 'Mine', 'version': '1.0'}\n",
      expectedVersion: read.body.version,
    });
    expect(saved.status).toBe(200);
    const stale = await api('PUT', `${files}/content`, member, {
      path: 'my_module/__manifest__.py',
      content: 'lost edit\n',
      expectedVersion: read.body.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'FILE_CHANGED' });
    expect(stale.body.message).toContain('changed since it was opened');
    const again = await api('PUT', `${files}/content`, member, {
      path: 'my_module/__manifest__.py',
      content: 'x',
      expectedVersion: null,
    });
    expect(again.body.error).toBe('FILE_CHANGED');

    const listing = await api('GET', `${files}?path=my_module`, member);
    expect(listing.body.items).toEqual([expect.objectContaining({ name: '__manifest__.py', type: 'file', size: 35 })]);

    const passwd = await api('GET', `${files}/content?path=${q('../../etc/passwd')}`, member);
    expect(passwd).toMatchObject({ status: 400, body: { field: 'path' } });
    expect(passwd.body.message).toContain('".."');
    expect((await api('GET', `${files}/content?path=${q('/etc/passwd')}`, member)).status).toBe(400);
    // A symbolic link to / made inside the container: reading through it, listing it and writing through it are refused.
    await f.runtime.exec(names.container, { user: 'odoo', command: ['ln', '-s', '/', '/mnt/extra-addons/root'] });
    for (const res of [
      await api('GET', `${files}/content?path=${q('root/etc/passwd')}`, member),
      await api('GET', `${files}?path=root`, member),
      await api('PUT', `${files}/content`, member, { path: 'root/tmp/x', content: 'x', expectedVersion: null }),
      await api('GET', `${files}/download?path=${q('root/etc/hostname')}`, member),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('symbolic link');
    }
    // The link itself can be deleted (not what it points to).
    expect((await api('DELETE', `${files}?path=root`, member)).status).toBe(200);
    expect((await f.runtime.exec(names.container, { command: ['ls', '/etc/passwd'] })).exitCode).toBe(0);

    const upload = await api('POST', `${files}/upload`, member, {
      path: 'my_module/static/logo.bin',
      contentBase64: Buffer.from([0, 1, 2, 255]).toString('base64'),
    });
    expect(upload.status).toBe(400); // no static folder yet
    expect((await api('POST', files, member, { path: 'my_module/static', type: 'directory' })).status).toBe(201);
    expect(
      (
        await api('POST', `${files}/upload`, member, {
          path: 'my_module/static/logo.bin',
          contentBase64: Buffer.from([0, 1, 2, 255]).toString('base64'),
        })
      ).status,
    ).toBe(201);
    const download = await api('GET', `${files}/download?path=${q('my_module/static/logo.bin')}`, member);
    expect(download.body).toMatchObject({ name: 'logo.bin', size: 4, contentBase64: 'AAEC/w==' });
    expect(
      (await api('GET', `${files}/content?path=${q('my_module/static/logo.bin')}`, member)).body.message,
    ).toContain('not UTF-8');

    const conf = await api('GET', `${files}/content?path=${q('/etc/odoo/odoo.conf')}`, member);
    expect(conf.body.content).toMatch(/^list_db = False$/m);
    expect((await api('GET', files, member)).body.restartRequired).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // mtimes are whole seconds
    const confSaved = await api('PUT', `${files}/content`, member, {
      path: '/etc/odoo/odoo.conf',
      content: `${conf.body.content}log_level = info\n`,
      expectedVersion: conf.body.version,
    });
    expect(confSaved.body).toMatchObject({ restartRequired: true });
    expect((await api('GET', files, member)).body.restartRequired).toBe(true);
    expect((await api('POST', `/api/instances/{id}/restart`, member)).status).toBe(202);
    await running();
    expect((await api('GET', files, member)).body.restartRequired).toBe(false);

    expect((await api('DELETE', `${files}?path=${q('/mnt/extra-addons')}`, member)).status).toBe(400);
    expect((await api('DELETE', `${files}?path=my_module`, member)).status).toBe(200);
    const audit = (await t.api('GET', '/api/org/audit-log', { token: operator })).body;
    const actions = JSON.stringify(audit);
    for (const action of [
      'instance.file_written',
      'instance.file_uploaded',
      'instance.file_created',
      'instance.file_deleted',
    ])
      expect(actions).toContain(action);
  }, 300_000);
});

describe('the ways out of the file editor and the databases', () => {
  it("refuses another organization's instance, a container name for the id, and exec flags in the input", async () => {
    const other = (await t.signup('Other Org')).token;
    for (const path of [files, `${files}/content?path=${q('/etc/odoo/odoo.conf')}`, '/api/instances/{id}/databases']) {
      const refused = await api('GET', path, other);
      expect(refused, path).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    }
    const byName = await t.api('GET', `/api/instances/${names.container}/files`, { token: member });
    expect(byName).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
    const postgresByName = await t.api('GET', `/api/instances/${sharedPostgres.container}/databases`, {
      token: operator,
    });
    expect(postgresByName).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });

    for (const extra of [
      { privileged: true },
      { user: 'root' },
      { command: ['/bin/sh', '-c', 'id'] },
      { container: sharedPostgres.container },
    ]) {
      const write = await api('PUT', `${files}/content`, operator, {
        path: 'breakout.py',
        content: 'x\n',
        expectedVersion: null,
        ...extra,
      });
      expect(write, JSON.stringify(extra)).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
      const upload = await api('POST', `${files}/upload`, operator, {
        path: 'breakout.bin',
        contentBase64: '',
        ...extra,
      });
      expect(upload, JSON.stringify(extra)).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
      const create = await api('POST', '/api/instances/{id}/databases', operator, { name: 'x', ...extra });
      expect(create, JSON.stringify(extra)).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
    }
    const read = await api('GET', `${files}/content?path=${q('/etc/odoo/odoo.conf')}&user=root`, operator);
    expect(read).toMatchObject({ status: 400, body: { error: 'INVALID_INPUT' } });
    // Nothing was written by any of them.
    const listing = await api('GET', `${files}?path=${q('/mnt/extra-addons')}`, operator);
    expect(JSON.stringify(listing.body.items)).not.toContain('breakout');
  }, 120_000);
});

const databases = `/api/instances/{id}/databases`;
type Database = { name: string; sizeBytes: number; served: boolean };
const namesOf = (body: { items: Database[] }) => body.items.map((d) => d.name);

describe('the databases of a running instance', () => {
  it('lists, creates, duplicates (neutralized), renames, drops, and serves another, on the shared PostgreSQL', async () => {
    const role = names.database;
    const listed = await api('GET', databases, member);
    expect(listed.body).toMatchObject({ prefix: `${role}_`, served: role, total: 1 });
    expect(listed.body.items[0]).toMatchObject({ name: role, served: true });
    expect(listed.body.items[0].sizeBytes).toBeGreaterThan(1_000_000);

    // Names outside the instance's prefix, or that could break out of SQL, are refused before any SQL.
    for (const name of ['postgres', `${role}_x"; drop database ${role}; --`, 'odoo_ffffffffffff'])
      expect((await api('POST', databases, member, { name })).body).toMatchObject({
        error: 'INVALID_INPUT',
        field: 'name',
      });
    // Another role's database is not seen, nor touched.
    await f.runtime.exec(sharedPostgres.container, {
      command: ['psql', '-h', '127.0.0.1', '-U', 'postgres', '-c', `CREATE DATABASE ${role}_foreign`],
    });
    expect(namesOf((await api('GET', databases, member)).body)).toEqual([role]);
    expect((await api('POST', `${databases}/${role}_foreign/neutralize`, member)).status).toBe(404);

    const created = await api('POST', databases, member, { name: `${role}_blank` });
    expect(created.status).toBe(201);
    expect(namesOf(created.body)).toEqual([role, `${role}_blank`]);

    const copy = await api('POST', `${databases}/${role}/duplicate`, member, {
      newName: `${role}_staging`,
      neutralize: true,
    });
    expect(copy.status).toBe(201);
    expect(namesOf(copy.body)).toContain(`${role}_staging`);
    const neutralized = await f.runtime.exec(sharedPostgres.container, {
      command: [
        'psql',
        '-h',
        '127.0.0.1',
        '-U',
        'postgres',
        '-d',
        `${role}_staging`,
        '-tAc',
        "select value from ir_config_parameter where key = 'database.is_neutralized'",
      ],
    });
    expect(neutralized.stdout.trim()).toBe('true');
    const filestore = await f.runtime.exec(names.container, { command: ['ls', '/var/lib/odoo/filestore'] });
    expect(filestore.stdout.split('\n')).toEqual(expect.arrayContaining([role, `${role}_staging`]));

    const renamed = await api('POST', `${databases}/${role}_blank/rename`, member, { newName: `${role}_old` });
    expect(namesOf(renamed.body)).toEqual([role, `${role}_old`, `${role}_staging`]);
    expect((await api('POST', `${databases}/${role}/rename`, member, { newName: `${role}_x` })).body.message).toContain(
      'serves',
    );

    const unconfirmed = await api('DELETE', `${databases}/${role}_old?confirmName=${role}_ol`, member);
    expect(unconfirmed.body).toMatchObject({ error: 'INVALID_INPUT', field: 'confirmName' });
    const dropped = await api('DELETE', `${databases}/${role}_old?confirmName=${role}_old`, member);
    expect(dropped.status).toBe(200);
    expect(namesOf(dropped.body)).toEqual([role, `${role}_staging`]);
    // Dropped only once a backup of it was at the default destination, listed with what it was for.
    const backup = (await api('GET', `/api/backups/${dropped.body.backupId}`, operator)).body;
    expect(backup).toMatchObject({
      status: 'completed',
      trigger: 'safety',
      purpose: `before dropping database ${role}_old`,
      database: `${role}_old`,
    });
    expect(readdirSync(backupDir, { recursive: true }).some((p) => String(p).includes(backup.id))).toBe(true);
    expect((await api('DELETE', `${databases}/${role}?confirmName=${role}`, member)).status).toBe(400);

    const served = await api('PUT', `${databases}/served`, member, { name: `${role}_staging` });
    expect(served.body).toMatchObject({
      served: `${role}_staging`,
      operation: { kind: 'restart' },
      backupId: expect.any(String),
    });
    await running();
    const conf = (await f.runtime.exec(names.container, { command: ['cat', '/etc/odoo/odoo.conf'] })).stdout;
    expect(conf).toMatch(new RegExp(`^db_name = ${role}_staging$`, 'm'));
    expect(conf).toMatch(new RegExp(`^dbfilter = \\^${role}_staging\\$$`, 'm'));
    expect((await api('GET', databases, member)).body).toMatchObject({ served: `${role}_staging` });

    const actions = JSON.stringify((await t.api('GET', '/api/org/audit-log', { token: operator })).body);
    for (const action of ['created', 'duplicated', 'renamed', 'dropped', 'served'])
      expect(actions).toContain(`instance.database_${action}`);
  }, 300_000);

  it('refuses a client member once the agency switches the features off, but never its operator', async () => {
    await t.api('PUT', '/api/agency/portal-config', {
      token: agencyToken,
      body: { featureFileEditor: false, featureDatabases: false },
    });
    const filesRefused = await api('GET', files, member);
    expect(filesRefused).toMatchObject({
      status: 403,
      body: { error: 'FEATURE_DISABLED', feature: 'featureFileEditor' },
    });
    const dbRefused = await api('GET', databases, member);
    expect(dbRefused).toMatchObject({ status: 403, body: { error: 'FEATURE_DISABLED', feature: 'featureDatabases' } });
    expect((await api('GET', files, operator)).status).toBe(200);
    expect((await api('GET', databases, operator)).status).toBe(200);
    expect(
      (
        await api('PUT', `${files}/content`, operator, {
          path: 'by_operator.py',
          content: 'x = 1\n',
          expectedVersion: null,
        })
      ).status,
    ).toBe(200);
    await t.api('PUT', '/api/agency/portal-config', {
      token: agencyToken,
      body: { featureFileEditor: true, featureDatabases: true },
    });
  }, 120_000);
});
