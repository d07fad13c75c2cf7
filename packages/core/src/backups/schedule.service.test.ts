import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createTemplateInput } from '../templates/template.schema.js';
import { createTemplate } from '../templates/template.service.js';
import { provisionInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import type { Instance } from '../instances/instance.schema.js';
import { updateOrgSettings } from '../org-settings/org-settings.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { signUpAgency } from '../testing/agency-fixtures.js';
import { caught } from '../testing/test-fixtures.js';
import type { Actor } from '../auth/actor.js';
import { createDestinationInput, type Destination } from './destination.schema.js';
import { createDestination } from './destination.service.js';
import { failStaleBackups, runBackup } from './backup.runner.js';
import { createBackup } from './backup.service.js';
import { createBackupInput } from './backup.schema.js';
import { putBackupScheduleInput } from './schedule.schema.js';
import { getBackupSchedule, putBackupSchedule } from './schedule.service.js';
import { raiseOverdueBackups, runDueSchedules, settleScheduledBackup } from './schedule.runner.js';
import { exportDisasterRecovery } from '../disaster-recovery/dr.service.js';
import { restoreDisasterRecovery } from '../disaster-recovery/dr-import.service.js';

type Deps = SettingsTestDeps & BackupFakes & { backupScheduleTiming: { graceMs: number; retryBaseMs: number } };
let deps: Deps;
let actor: Actor;
let instance: Instance;
let destination: Destination;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';
const minute = 60_000;

/** Runs what the sweep queued, settling each scheduled backup as the job does. */
async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
  for (const job of deps.backupQueue.requested.splice(0)) {
    const done = await runBackup(deps, job.id);
    if (done) await settleScheduledBackup(deps, done);
  }
}
const eventsOf = (type: string) => deps.events.published().filter((e) => e.type === type);
const schedule = (fields: Record<string, unknown>) =>
  putBackupSchedule(deps, actor, putBackupScheduleInput.parse({ id: instance.id, ...fields }));

beforeEach(async () => {
  deps = {
    ...createSettingsTestDeps(),
    ...createBackupFakes(),
    backupScheduleTiming: { graceMs: 30 * minute, retryBaseMs: minute },
  };
  deps.clock.set('2026-12-06T00:30:00Z');
  actor = (await signUpAgency(deps, 'Ada Agency')).actor;
  const server = await createServer(deps, actor, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: key,
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  const template = await createTemplate(deps, actor, createTemplateInput.parse({ name: 'Shop', odooVersion: '18.0' }));
  ({ instance } = await provisionInstance(deps, actor, { id: template.id, serverId: server.id, overrides: {} }));
  destination = await createDestination(
    deps,
    actor,
    createDestinationInput.parse({
      name: 'Offsite',
      kind: 's3',
      s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'backups', forcePathStyle: true },
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
    }),
  );
  await drain();
});

describe('backup schedules', () => {
  it('needs a destination, its own or the organization’s default', async () => {
    expect(((await caught(() => schedule({ cron: '0 2 * * *' }))) as Error).message).toMatch(/^destinationId: /);
    expect(
      ((await caught(() => createBackup(deps, actor, createBackupInput.parse({ id: instance.id })))) as Error).message,
    ).toMatch(/^destinationId: name a destination/);
    expect(await getBackupSchedule(deps, actor, instance.id)).toBeNull();
    await updateOrgSettings(deps, actor, { backupDestinationId: destination.id });
    const saved = await schedule({ cron: '0 2 * * *', timeZone: 'Europe/Brussels' });
    expect(saved).toMatchObject({ destinationId: null, nextRunAt: '2026-12-06T01:00:00.000Z', keepDaily: 7 });
    // A backup that names no destination goes to the default too.
    const backup = await createBackup(deps, actor, createBackupInput.parse({ id: instance.id }));
    expect(backup.destinationId).toBe(destination.id);
  });

  it('runs one backup per slot, collapses missed slots, and prunes per retention', async () => {
    await schedule({ cron: '0 2 * * *', destinationId: destination.id, keepDaily: 2, minimumKeep: 1 });
    expect(await runDueSchedules(deps)).toBe(0);
    // Three days pass with no process running: one backup, not three.
    deps.clock.set('2026-12-09T03:00:00Z');
    expect(await runDueSchedules(deps)).toBe(1);
    expect(await runDueSchedules(deps)).toBe(0);
    await drain();
    for (const day of ['10', '11', '12']) {
      deps.clock.set(`2026-12-${day}T02:00:05Z`);
      expect(await runDueSchedules(deps)).toBe(1);
      await drain();
    }
    const backups = deps.store.state.backups.backups.filter((b) => b.trigger === 'schedule');
    expect(backups.map((b) => b.completedAt?.slice(0, 10))).toEqual(['2026-12-11', '2026-12-12']);
    expect(eventsOf('backup.pruned')).toHaveLength(2);
    const answer = await getBackupSchedule(deps, actor, instance.id);
    expect(answer).toMatchObject({
      backupOverdue: false,
      lastSuccessfulBackupAt: '2026-12-12T02:00:05.000Z',
      nextRunAt: '2026-12-13T02:00:00.000Z',
    });
  });

  it('retries a failed slot with backoff, then raises backup.failed and backup.overdue once', async () => {
    await schedule({ cron: '0 2 * * *', destinationId: destination.id });
    deps.backupStores.refuse = 'disk full';
    deps.clock.set('2026-12-06T02:00:00Z');
    expect(await runDueSchedules(deps)).toBe(1);
    await drain();
    // The retry waits a minute, then four.
    expect(await runDueSchedules(deps)).toBe(0);
    deps.clock.advance(minute);
    expect(await runDueSchedules(deps)).toBe(1);
    await drain();
    deps.clock.advance(minute);
    expect(await runDueSchedules(deps)).toBe(0);
    deps.clock.advance(3 * minute);
    expect(await runDueSchedules(deps)).toBe(1);
    await drain();
    expect(await runDueSchedules(deps)).toBe(0);
    expect(eventsOf('backup.failed')).toHaveLength(1);
    expect(eventsOf('backup.failed')[0]?.payload).toMatchObject({
      instanceId: instance.id,
      // Named, for the notification's reader.
      instanceName: instance.name,
      organizationId: actor.organizationId,
      reason: expect.stringContaining('disk full'),
      scheduledFor: '2026-12-06T02:00:00.000Z',
    });
    expect(await raiseOverdueBackups(deps)).toBe(0);
    deps.clock.set('2026-12-06T02:31:00Z');
    expect(await raiseOverdueBackups(deps)).toBe(1);
    expect(await raiseOverdueBackups(deps)).toBe(0);
    expect(eventsOf('backup.overdue')[0]?.payload).toMatchObject({
      instanceName: instance.name,
      scheduledFor: '2026-12-06T02:00:00.000Z',
    });
    expect(await getBackupSchedule(deps, actor, instance.id)).toMatchObject({
      backupOverdue: true,
      overdueSince: '2026-12-06T02:00:00.000Z',
      lastFailure: expect.stringContaining('disk full'),
    });
    // The next slot succeeds: nothing is owed any more.
    deps.backupStores.refuse = undefined;
    deps.clock.set('2026-12-07T02:00:01Z');
    expect(await runDueSchedules(deps)).toBe(1);
    await drain();
    expect(await getBackupSchedule(deps, actor, instance.id)).toMatchObject({
      backupOverdue: false,
      lastFailure: null,
    });
  });

  it('settles a try whose worker died, so the schedule goes on', async () => {
    await schedule({ cron: '0 2 * * *', destinationId: destination.id });
    deps.clock.set('2026-12-06T02:00:00Z');
    expect(await runDueSchedules(deps)).toBe(1);
    // The process stops before the job runs; at start-up the backup is failed.
    deps.backupQueue.requested.splice(0);
    deps.clock.advance(7 * 3_600_000);
    expect(await failStaleBackups(deps, 6 * 3_600_000)).toBe(1);
    // The next sweep settles that try (a retry a minute on), then runs the retry.
    expect(await runDueSchedules(deps)).toBe(0);
    deps.clock.advance(minute);
    expect(await runDueSchedules(deps)).toBe(1);
    await drain();
    expect(await getBackupSchedule(deps, actor, instance.id)).toMatchObject({ attempt: 0, lastFailure: null });
  });

  it('goes into the disaster-recovery export: destinations sealed, schedules by instance name', async () => {
    await updateOrgSettings(deps, actor, { backupDestinationId: destination.id });
    await schedule({ cron: '0 3 * * *', keepMonthly: 6 });
    const { content, keyIds } = await exportDisasterRecovery(deps, actor);
    expect(content.backupDestinations).toEqual([
      expect.objectContaining({ ref: 'destination-1', kind: 's3', isDefault: true }),
    ]);
    expect(content.backupDestinations?.[0]?.sealedCredentials).toMatch(/^enc:v1:/);
    expect(JSON.stringify(content)).not.toContain('shh');
    expect(keyIds).toHaveLength(1);
    expect(content.backupSchedules).toEqual([
      expect.objectContaining({ instance: instance.name, cron: '0 3 * * *', destinationRef: null, keepMonthly: 6 }),
    ]);
  });

  it('comes back from a disaster-recovery import: credentials resealed, default set, schedules off on the new instances', async () => {
    await updateOrgSettings(deps, actor, { backupDestinationId: destination.id });
    await schedule({ cron: '0 3 * * *', keepMonthly: 6, destinationId: destination.id, drillCron: '0 6 * * 0' });
    const document = await exportDisasterRecovery(deps, actor);
    const result = await restoreDisasterRecovery(deps, actor, { document, name: 'Restored' });
    const orgId = result.organization.id;
    expect(result.restored).toMatchObject({ backupDestinations: 1, backupSchedules: 1 });
    expect(result.skipped).toEqual([]);
    expect(result.notes.join(' ')).toMatch(/1 backup schedule\(s\) restored turned off/);
    const [restored] = await deps.store.backupDestinations.list(orgId);
    expect(restored).toMatchObject({ name: 'Offsite', kind: 's3', s3: expect.objectContaining({ bucket: 'backups' }) });
    expect(restored!.id).not.toBe(destination.id);
    expect(JSON.parse(deps.secrets.open(restored!.sealedCredentials!))).toEqual({
      accessKeyId: 'AKIA',
      secretAccessKey: 'shh',
    });
    expect((await deps.store.settings.find(orgId))?.backupDestinationId).toBe(restored!.id);
    const [restoredInstance] = await deps.store.instances.list(orgId);
    const schedules = await deps.store.backupSchedules.listForOrganization(orgId);
    expect(schedules).toEqual([
      expect.objectContaining({
        instanceId: restoredInstance!.id,
        destinationId: restored!.id,
        cron: '0 3 * * *',
        keepMonthly: 6,
        drillCron: '0 6 * * 0',
        enabled: false,
        nextRunAt: null,
        nextDrillAt: null,
      }),
    ]);
  });
});
