import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * The backups REST contract on a migrated database: destinations with write-only credentials,
 * a backup that cannot reach its server failing with the reason, the streamed download's
 * refusals, and an organization deleted with its backups and destinations.
 */
let t: TestApp;
let token: string;
let serverId: string;
let instanceId: string;

beforeAll(async () => {
  t = await startTestApp({ OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15' });
  token = (await t.signup()).token;
  const server = await t.api('POST', '/api/servers', {
    token,
    body: {
      name: 'nowhere',
      host: '127.0.0.1',
      port: 1,
      sshUser: 'root',
      sshPassword: 'not used',
      capacity: { cpuCores: 2, memoryMb: 4096, maxInstances: 5 },
    },
  });
  serverId = server.body.id;
  const created = await t.api('POST', '/api/instances', {
    token,
    body: { serverId, name: 'Unreachable', odooVersion: '18.0' },
  });
  instanceId = created.body.instanceId;
});

afterAll(async () => {
  await t?.close();
});

const s3Body = {
  name: 'Offsite',
  kind: 's3',
  s3: { endpoint: 'http://127.0.0.1:9', bucket: 'backups', prefix: 'acme', forcePathStyle: true },
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-key' },
};

describe('backup destinations', () => {
  it('stores credentials sealed and never answers them; an update without them keeps them', async () => {
    const created = await t.api('POST', '/api/backup-destinations', { token, body: s3Body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 's3',
      hasCredentials: true,
      s3: { bucket: 'backups', region: 'us-east-1' },
    });
    expect(JSON.stringify(created.body)).not.toContain('very-secret-key');
    const { rows } = await t.app.deps.database.db
      .selectFrom('backupDestinations')
      .select('credentialsSealed')
      .where('id', '=', created.body.id)
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows[0]?.credentialsSealed).not.toContain('very-secret-key');
    const { credentials: _c, ...withoutCredentials } = s3Body;
    const updated = await t.api('PUT', `/api/backup-destinations/${created.body.id}`, {
      token,
      body: { ...withoutCredentials, name: 'Renamed' },
    });
    expect(updated.body).toMatchObject({ name: 'Renamed', hasCredentials: true });
    const list = await t.api('GET', '/api/backup-destinations', { token });
    expect(JSON.stringify(list.body)).not.toContain('very-secret-key');
    // Nothing listens on the discard port: the test fails with the reason.
    const tested = await t.api('POST', `/api/backup-destinations/${created.body.id}/test`, { token });
    expect(tested.status).toBe(400);
    expect(tested.body.message).toMatch(/^destination: the test failed: S3: /);
  });

  it('refuses settings of another kind, naming the field', async () => {
    const wrong = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'x', kind: 'sftp', s3: s3Body.s3 },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['sftp', 's3']));
  });
});

describe('backups', () => {
  it('fails a backup whose server cannot be reached, with the reason, and offers nothing to download', async () => {
    const dest = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'Disk', kind: 'server', server: { serverId, directory: '/var/backups/ocore' } },
    });
    const created = await t.api('POST', `/api/instances/${instanceId}/backups`, {
      token,
      body: { destinationId: dest.body.id },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'pending', trigger: 'manual', sha256: null });
    let backup = created.body;
    for (let i = 0; i < 100 && ['pending', 'running'].includes(backup.status); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      backup = (await t.api('GET', `/api/backups/${created.body.id}`, { token })).body;
    }
    expect(backup.status).toBe('failed');
    expect(backup.reason).toMatch(/\S/);
    const list = await t.api('GET', `/api/instances/${instanceId}/backups`, { token });
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([backup.id]);

    const anonymous = await fetch(`${t.url}/api/backups/${backup.id}/download`);
    expect(anonymous.status).toBe(401);
    const download = await fetch(`${t.url}/api/backups/${backup.id}/download`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(400);
    expect(await download.json()).toMatchObject({ error: 'INVALID_INPUT' });
    const restore = await t.api('POST', `/api/backups/${backup.id}/restore`, { token, body: { target: 'in-place' } });
    expect(restore.status).toBe(400);
    expect((await t.api('DELETE', `/api/backup-destinations/${dest.body.id}`, { token })).body.error).toBe('IN_USE');
    expect((await t.api('DELETE', `/api/backups/${backup.id}`, { token })).status).toBe(204);
    expect((await t.api('DELETE', `/api/backup-destinations/${dest.body.id}`, { token })).status).toBe(204);
  });

  it('answers 404 for another organization’s backup, on the procedures and the download alike', async () => {
    const other = (await t.signup('Other')).token;
    const dest = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'Disk 2', kind: 'server', server: { serverId, directory: '/var/backups/ocore' } },
    });
    const created = await t.api('POST', `/api/instances/${instanceId}/backups`, {
      token,
      body: { destinationId: dest.body.id },
    });
    expect((await t.api('GET', `/api/backups/${created.body.id}`, { token: other })).status).toBe(404);
    expect((await t.api('GET', `/api/instances/${instanceId}/restores`, { token: other })).status).toBe(404);
    expect((await t.api('GET', `/api/instances/${instanceId}/restores`, { token })).body).toEqual({
      items: [],
      total: 0,
    });
    const download = await fetch(`${t.url}/api/backups/${created.body.id}/download`, {
      headers: { Authorization: `Bearer ${other}` },
    });
    expect(download.status).toBe(404);
  });

  it('goes with its organization when the organization is deleted', async () => {
    const owner = await t.signup('Leaving');
    const server = await t.api('POST', '/api/servers', {
      token: owner.token,
      body: {
        name: 'gone',
        host: '127.0.0.1',
        port: 1,
        sshUser: 'root',
        sshPassword: 'x',
        capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 },
      },
    });
    const instance = await t.api('POST', '/api/instances', {
      token: owner.token,
      body: { serverId: server.body.id, name: 'Gone', odooVersion: '18.0' },
    });
    const dest = await t.api('POST', '/api/backup-destinations', {
      token: owner.token,
      body: { name: 'Disk', kind: 'server', server: { serverId: server.body.id, directory: '/b' } },
    });
    await t.api('POST', `/api/instances/${instance.body.instanceId}/backups`, {
      token: owner.token,
      body: { destinationId: dest.body.id },
    });
    const deleted = await t.api('DELETE', '/api/org', { token: owner.token });
    expect(deleted.status, JSON.stringify(deleted.body)).toBeLessThan(300);
    const left = await t.app.deps.database.db
      .selectFrom('backups')
      .select('id')
      .where('organizationId', '=', owner.organization.id)
      .execute();
    expect(left).toEqual([]);
  });
});
