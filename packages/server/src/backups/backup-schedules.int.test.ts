import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

/**
 * Backup schedules over REST on a migrated database: validation naming the field, the
 * organization's default destination, and a schedule firing every second on a server-disk
 * destination whose server cannot be reached: each slot is tried three times with backoff,
 * then `backup.failed` and `backup.overdue` are raised and the backups list says overdue.
 */
let t: TestApp;
let token: string;
let organizationId: string;
let serverId: string;
let instanceId: string;

beforeAll(async () => {
  t = await startTestApp({
    OCORE_INSTANCE_POSTGRES_IMAGE: 'ocore-test/postgres:15',
    OCORE_BACKUP_SCHEDULE_TICK_SECONDS: '1',
    OCORE_BACKUP_RETRY_SECONDS: '1',
    OCORE_BACKUP_OVERDUE_GRACE_SECONDS: '2',
  });
  const owner = await t.signup();
  token = owner.token;
  organizationId = owner.organization.id;
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
    body: { serverId, name: 'Scheduled', odooVersion: '18.0' },
  });
  instanceId = created.body.instanceId;
});

afterAll(async () => {
  await t?.close();
});

const eventsOf = (type: string) =>
  t.app.deps.database.db
    .selectFrom('events')
    .select(['type', 'payload'])
    .where('organizationId', '=', organizationId)
    .where('type', '=', type)
    .execute();

async function waitFor<T>(probe: () => Promise<T | undefined>, seconds = 40): Promise<T> {
  for (let i = 0; i < seconds * 5; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

describe('backup schedules', () => {
  const path = () => `/api/instances/${instanceId}/backup-schedule`;

  it('validates the cron, the time zone and the destination, naming the field', async () => {
    expect((await t.api('GET', path(), { token })).body).toBeNull();
    const badCron = await t.api('PUT', path(), { token, body: { cron: '61 * * * *' } });
    expect(badCron.status).toBe(400);
    expect(badCron.body.fields.map((f: { field: string }) => f.field)).toEqual(['cron']);
    const badZone = await t.api('PUT', path(), { token, body: { cron: '0 2 * * *', timeZone: 'Mars/Olympus' } });
    expect(badZone.body.fields.map((f: { field: string }) => f.field)).toEqual(['timeZone']);
    const noDestination = await t.api('PUT', path(), { token, body: { cron: '0 2 * * *' } });
    expect(noDestination.status).toBe(400);
    expect(noDestination.body.message).toMatch(/^destinationId: /);
  });

  it('keeps the default destination in the org settings, refusing another organization’s', async () => {
    const other = (await t.signup('Other')).token;
    const theirServer = await t.api('POST', '/api/servers', {
      token: other,
      body: {
        name: 'theirs',
        host: '127.0.0.1',
        port: 1,
        sshUser: 'root',
        sshPassword: 'x',
        capacity: { cpuCores: 1, memoryMb: 1024, maxInstances: 1 },
      },
    });
    const foreign = await t.api('POST', '/api/backup-destinations', {
      token: other,
      body: { name: 'Theirs', kind: 'server', server: { serverId: theirServer.body.id, directory: '/b' } },
    });
    const dest = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'Disk', kind: 'server', server: { serverId, directory: '/var/backups/ocore' } },
    });
    const refused = await t.api('PUT', '/api/org/settings', { token, body: { backupDestinationId: foreign.body.id } });
    expect(refused.status).toBe(404);
    expect(refused.body.field).toBe('backupDestinationId');
    const saved = await t.api('PUT', '/api/org/settings', { token, body: { backupDestinationId: dest.body.id } });
    expect(saved.body.backupDestinationId).toBe(dest.body.id);
    expect((await t.api('GET', '/api/org/settings', { token })).body.backupDestinationId).toBe(dest.body.id);
  });

  it('fires every second, retries a failed slot with backoff, then raises backup.failed and backup.overdue', async () => {
    const put = await t.api('PUT', path(), { token, body: { cron: '* * * * * *', keepDaily: 1, minimumKeep: 1 } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ destinationId: null, enabled: true, timeZone: 'UTC', keepWeekly: 4 });
    const failed = await waitFor(async () => (await eventsOf('backup.failed'))[0]);
    expect(failed.payload).toMatchObject({ instanceId, organizationId, attempts: 3 });
    expect(failed.payload['reason']).toMatch(/\S/);
    expect(failed.payload['scheduledFor']).toMatch(/^\d{4}-/);
    const overdue = await waitFor(async () => (await eventsOf('backup.overdue'))[0]);
    expect(overdue.payload).toMatchObject({ instanceId, organizationId });
    const list = await t.api('GET', `/api/instances/${instanceId}/backups`, { token });
    expect(list.body).toMatchObject({ lastSuccessfulBackupAt: null, backupOverdue: true });
    // The three tries of the first slot: each a scheduled backup that failed, saying why.
    const first = list.body.items.slice(-3);
    expect(first.map((b: { trigger: string; status: string }) => [b.trigger, b.status])).toEqual([
      ['schedule', 'failed'],
      ['schedule', 'failed'],
      ['schedule', 'failed'],
    ]);
    const off = await t.api('PUT', path(), { token, body: { cron: '* * * * * *', enabled: false } });
    expect(off.body).toMatchObject({ enabled: false, nextRunAt: null, backupOverdue: false });
  });

  it('refuses deleting a destination a schedule names (409 naming the instance) until the schedule moves', async () => {
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId, name: 'Nightly Shop', odooVersion: '18.0' },
    });
    const nightly = created.body.instanceId as string;
    const destination = (name: string) =>
      t.api('POST', '/api/backup-destinations', {
        token,
        body: { name, kind: 'server', server: { serverId, directory: `/var/backups/${name}` } },
      });
    const offsite = (await destination('offsite')).body.id as string;
    const other = (await destination('other')).body.id as string;
    const schedule = { cron: '0 2 * * *', destinationId: offsite, enabled: true };
    const set = await t.api('PUT', `/api/instances/${nightly}/backup-schedule`, { token, body: schedule });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    const refused = await t.api('DELETE', `/api/backup-destinations/${offsite}`, { token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'IN_USE' });
    expect(refused.body.message).toMatch(/backup schedule of "Nightly Shop" uses this destination; move it/);
    expect((await t.api('GET', `/api/instances/${nightly}/backup-schedule`, { token })).body.destinationId).toBe(
      offsite,
    );

    const moved = { ...schedule, destinationId: other };
    expect((await t.api('PUT', `/api/instances/${nightly}/backup-schedule`, { token, body: moved })).status).toBe(200);
    expect((await t.api('DELETE', `/api/backup-destinations/${offsite}`, { token })).status).toBe(204);
  });

  it('drills the newest completed backup on the drill cron; a failed drill raises backup.verify_failed', async () => {
    const bad = await t.api('PUT', path(), { token, body: { cron: '0 2 * * *', drillCron: 'every sunday' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['drillCron']);
    const created = await t.api('POST', '/api/instances', {
      token,
      body: { serverId, name: 'Drilled', odooVersion: '18.0' },
    });
    const drilled = created.body.instanceId as string;
    const destination = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'drills', kind: 'server', server: { serverId, directory: '/var/backups/drills' } },
    });
    const drillPath = `/api/instances/${drilled}/backup-schedule`;
    const body = { cron: '0 2 * * *', destinationId: destination.body.id, drillCron: '* * * * * *' };
    const put = await t.api('PUT', drillPath, { token, body });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ drillCron: '* * * * * *', nextDrillAt: expect.stringMatching(/^\d{4}-/) });
    expect((await t.api('GET', drillPath, { token })).body).toMatchObject({ drillCron: '* * * * * *' });
    const failuresOf = async (targetId: string) =>
      (await eventsOf('backup.verify_failed')).filter((e) => e.payload['targetId'] === targetId);

    // No completed backup yet: the drill cannot run, and says so.
    const none = await waitFor(async () => (await failuresOf(drilled))[0]);
    expect(none.payload).toMatchObject({
      targetType: 'instance',
      instanceName: 'Drilled',
      reason: 'no completed backup of the instance to drill',
    });
    // A completed backup at a destination whose server cannot be reached: the drill fails on it.
    const backup = await t.app.deps.database.db
      .insertInto('backups')
      .values({
        organizationId,
        instanceId: drilled,
        destinationId: destination.body.id,
        status: 'completed',
        format: 'zip',
        trigger: 'manual',
        storageKey: `${organizationId}/${drilled}/drilled.zip`,
        sizeBytes: 10,
        sha256: 'a'.repeat(64),
        completedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const failed = await waitFor(async () => (await failuresOf(backup.id))[0]);
    expect(failed.payload).toMatchObject({ instanceId: drilled, instanceName: 'Drilled' });
    expect(failed.payload['reason']).toMatch(/\S/);
    const answered = await t.api('GET', `/api/backups/${backup.id}`, { token });
    expect(answered.body).toMatchObject({ verifyStatus: 'failed', verifiedAt: null });
    const restores = await t.api('GET', `/api/backups/${backup.id}/restores`, { token });
    expect(restores.body.items[0]).toMatchObject({ target: 'verify', createdBy: null });

    const off = await t.api('PUT', drillPath, { token, body: { ...body, drillCron: null } });
    expect(off.body).toMatchObject({ drillCron: null, nextDrillAt: null });
  });
});

describe('backup destinations and schedules in a disaster-recovery import', () => {
  it('restores them in the new organization: credentials resealed, default set, schedules off', async () => {
    const disk = await t.api('POST', '/api/backup-destinations', {
      token,
      body: { name: 'DR disk', kind: 'server', server: { serverId, directory: '/srv/dr-backups' } },
    });
    const s3 = await t.api('POST', '/api/backup-destinations', {
      token,
      body: {
        name: 'DR bucket',
        kind: 's3',
        s3: { endpoint: 'http://127.0.0.1:9', bucket: 'dr-backups', forcePathStyle: true },
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 'dr-secret' },
      },
    });
    await t.api('PUT', '/api/org/settings', { token, body: { backupDestinationId: s3.body.id } });
    const put = await t.api('PUT', `/api/instances/${instanceId}/backup-schedule`, {
      token,
      body: {
        cron: '0 4 * * *',
        timeZone: 'Europe/Paris',
        destinationId: disk.body.id,
        enabled: true,
        keepDaily: 9,
        drillCron: '0 6 * * 0',
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const document = (await t.api('POST', '/api/org/disaster-recovery/export', { token })).body;
    const imported = await t.api('POST', '/api/org/disaster-recovery/import', { token, body: { document } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    // Every schedule of the export (the file's earlier tests leave theirs in this organization).
    const exported = (document as { content: { backupSchedules: unknown[] } }).content.backupSchedules;
    expect(exported.length).toBeGreaterThanOrEqual(1);
    expect(exported).toContainEqual(
      expect.objectContaining({ instance: 'Scheduled', cron: '0 4 * * *', drillCron: '0 6 * * 0' }),
    );
    expect(imported.body.restored).toMatchObject({ backupSchedules: exported.length });
    expect(imported.body.restored.backupDestinations).toBeGreaterThanOrEqual(2);
    const newOrg = imported.body.organization.id as string;
    const db = t.app.deps.database.db;
    const destinations = await db
      .selectFrom('backupDestinations')
      .selectAll()
      .where('organizationId', '=', newOrg)
      .execute();
    const bucket = destinations.find((d) => d.name === 'DR bucket')!;
    const restoredDisk = destinations.find((d) => d.name === 'DR disk')!;
    expect(bucket.credentialsSealed).toMatch(/^enc:v1:/);
    expect(JSON.parse(t.app.deps.secrets.open(bucket.credentialsSealed!))).toMatchObject({
      secretAccessKey: 'dr-secret',
    });
    const newServer = await db.selectFrom('servers').select('id').where('organizationId', '=', newOrg).execute();
    expect(JSON.stringify(restoredDisk)).toContain(newServer[0]!.id);
    const settings = await db
      .selectFrom('orgSettings')
      .select('backupDestinationId')
      .where('organizationId', '=', newOrg)
      .executeTakeFirst();
    expect(settings?.backupDestinationId).toBe(bucket.id);
    const restoredInstance = await db
      .selectFrom('instances')
      .select('id')
      .where('organizationId', '=', newOrg)
      .where('name', '=', 'Scheduled')
      .executeTakeFirst();
    const schedules = await db.selectFrom('backupSchedules').selectAll().where('organizationId', '=', newOrg).execute();
    expect(schedules).toHaveLength(exported.length);
    expect(schedules).toContainEqual(
      expect.objectContaining({
        instanceId: restoredInstance!.id,
        destinationId: restoredDisk.id,
        cron: '0 4 * * *',
        timeZone: 'Europe/Paris',
        keepDaily: 9,
        drillCron: '0 6 * * 0',
        nextDrillAt: null,
        enabled: false,
      }),
    );
    expect(schedules.every((row) => !row.enabled)).toBe(true);
  });
});
