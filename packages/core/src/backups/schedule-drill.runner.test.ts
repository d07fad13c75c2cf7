import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import type { Instance } from '../instances/instance.schema.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { signUpAgency } from '../testing/agency-fixtures.js';
import { caught } from '../testing/test-fixtures.js';
import type { Actor } from '../auth/actor.js';
import { createDestinationInput, type Destination } from './destination.schema.js';
import { createDestination } from './destination.service.js';
import { runBackup } from './backup.runner.js';
import { runRestore } from './restore.runner.js';
import { createBackup, getBackup } from './backup.service.js';
import { createBackupInput } from './backup.schema.js';
import { putBackupScheduleInput } from './schedule.schema.js';
import { getBackupSchedule, putBackupSchedule } from './schedule.service.js';
import { runDueDrills } from './schedule-drill.runner.js';
import { backupToDrill } from './schedule.rules.js';
import { exportDisasterRecovery } from '../disaster-recovery/dr.service.js';
import { drBackupScheduleSchema } from './schedule.dr.js';

type Deps = SettingsTestDeps & BackupFakes;
let deps: Deps;
let actor: Actor;
let instance: Instance;
let destination: Destination;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
  for (const job of deps.backupQueue.requested.splice(0))
    await (job.kind === 'backup' ? runBackup(deps, job.id) : runRestore(deps, job.id));
}
const eventsOf = (type: string) => deps.events.published().filter((e) => e.type === type);
const schedule = (fields: Record<string, unknown>) =>
  putBackupSchedule(deps, actor, putBackupScheduleInput.parse({ id: instance.id, ...fields }));
const engine = () => deps.runtimes.engine('127.0.0.1');

async function backUp(at: string): Promise<string> {
  deps.clock.set(at);
  const made = await createBackup(
    deps,
    actor,
    createBackupInput.parse({ id: instance.id, destinationId: destination.id }),
  );
  await drain();
  return made.id;
}

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
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
  ({ instance } = await createInstance(deps, actor, { serverId: server.id, name: 'Shop', odooVersion: '18.0' }));
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

describe('the drill schedule', () => {
  it('refuses a drill cron that is no cron, naming drillCron, and takes none by default', () => {
    const bad = putBackupScheduleInput.safeParse({ id: instance.id, cron: '0 2 * * *', drillCron: '61 * * * *' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message.split(':')[0]])).toEqual([
      ['drillCron', 'is not a valid cron expression'],
    ]);
    expect(putBackupScheduleInput.parse({ id: instance.id, cron: '0 2 * * *' }).drillCron).toBeNull();
  });

  it('drills the newest completed backup, whatever its trigger', () => {
    const at = (id: string, status: string, completedAt: string | null) => ({ id, status, completedAt });
    expect(backupToDrill([])).toBeUndefined();
    expect(
      backupToDrill([
        at('running', 'running', null),
        at('old', 'completed', '2026-12-05T02:00:00.000Z'),
        at('failed', 'failed', null),
        at('new', 'completed', '2026-12-06T02:00:00.000Z'),
      ])?.id,
    ).toBe('new');
  });

  it('computes the next drill in the schedule’s time zone, and none while the schedule is off', async () => {
    const on = await schedule({
      cron: '0 2 * * *',
      drillCron: '0 4 * * 0',
      timeZone: 'Europe/Brussels',
      destinationId: destination.id,
    });
    // Sunday 2026-12-06 04:00 in Brussels is 03:00 UTC.
    expect(on).toMatchObject({ drillCron: '0 4 * * 0', nextDrillAt: '2026-12-06T03:00:00.000Z' });
    const off = await schedule({ cron: '0 2 * * *', drillCron: '0 4 * * 0', enabled: false, destinationId: null });
    expect(off).toMatchObject({ drillCron: '0 4 * * 0', nextDrillAt: null });
    expect(await runDueDrills({ ...deps, clock: { now: () => new Date('2027-01-01T00:00:00Z') } })).toBe(0);
  });
});

describe('scheduled restore drills', () => {
  beforeEach(async () => {
    await schedule({ cron: '0 2 * * *', drillCron: '0 5 * * *', destinationId: destination.id });
  });

  it('does nothing before the drill’s slot, then drills the newest completed backup once', async () => {
    const older = await backUp('2026-12-06T01:00:00Z');
    const newest = await backUp('2026-12-06T02:00:00Z');
    engine().installedModules = 42;
    deps.clock.set('2026-12-06T04:59:00Z');
    expect(await runDueDrills(deps)).toBe(0);
    // The control plane was down for three days: one drill, not three.
    deps.clock.set('2026-12-09T06:00:00Z');
    expect(await runDueDrills(deps)).toBe(1);
    expect(await runDueDrills(deps)).toBe(0);
    expect(deps.backupQueue.requested).toEqual([{ kind: 'restore', id: expect.any(String) }]);
    await drain();
    expect(await getBackup(deps, actor, newest)).toMatchObject({
      verifyStatus: 'passed',
      verifiedAt: '2026-12-09T06:00:00.000Z',
    });
    expect(await getBackup(deps, actor, older)).toMatchObject({ verifyStatus: null, verifiedAt: null });
    expect(await getBackupSchedule(deps, actor, instance.id)).toMatchObject({
      nextDrillAt: '2026-12-10T05:00:00.000Z',
    });
    expect(eventsOf('backup.verify_failed')).toEqual([]);
  });

  it('raises backup.verify_failed when the drill fails, and records it on the backup', async () => {
    const id = await backUp('2026-12-06T02:00:00Z');
    deps.clock.set('2026-12-06T05:00:00Z');
    expect(await runDueDrills(deps)).toBe(1);
    await drain();
    // The fake database answers no installed module: the drill must fail, naming the step.
    expect(await getBackup(deps, actor, id)).toMatchObject({
      verifyStatus: 'failed',
      verifyReason: expect.stringContaining('open the database'),
    });
    expect(eventsOf('backup.verify_failed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ targetId: id, instanceId: instance.id, instanceName: 'Shop' }),
    ]);
  });

  it('raises backup.verify_failed naming the instance when it has no completed backup', async () => {
    deps.clock.set('2026-12-06T05:00:00Z');
    expect(await runDueDrills(deps)).toBe(0);
    expect(eventsOf('backup.verify_failed').map((e) => e.payload)).toEqual([
      expect.objectContaining({
        targetType: 'instance',
        targetId: instance.id,
        instanceName: 'Shop',
        reason: 'no completed backup of the instance to drill',
      }),
    ]);
  });

  it('skips a slot while a restore or drill of the instance is under way', async () => {
    await backUp('2026-12-06T02:00:00Z');
    deps.clock.set('2026-12-06T05:00:00Z');
    expect(await runDueDrills(deps)).toBe(1);
    deps.clock.set('2026-12-07T05:00:00Z');
    expect(await runDueDrills(deps)).toBe(0);
    expect(deps.backupQueue.requested).toHaveLength(1);
    expect(await getBackupSchedule(deps, actor, instance.id)).toMatchObject({
      nextDrillAt: '2026-12-08T05:00:00.000Z',
    });
  });

  it('raises backup.verify_failed, not a verdict on the backup, when the drill cannot be queued', async () => {
    const id = await backUp('2026-12-06T02:00:00Z');
    deps.backupQueue.request = async () => {
      throw new Error('the job queue is not running');
    };
    deps.clock.set('2026-12-06T05:00:00Z');
    expect(await runDueDrills(deps)).toBe(0);
    expect(await getBackup(deps, actor, id)).toMatchObject({ verifyStatus: null });
    expect(eventsOf('backup.verify_failed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ targetId: id, reason: 'could not queue the drill: the job queue is not running' }),
    ]);
  });

  it('goes into the disaster-recovery export with the rest of the schedule', async () => {
    const { content } = await exportDisasterRecovery(deps, actor);
    expect(content.backupSchedules).toEqual([
      expect.objectContaining({ instance: 'Shop', cron: '0 2 * * *', drillCron: '0 5 * * *' }),
    ]);
    // An export made before drills parses to what it was checksummed as: no drillCron added.
    const { drillCron: _none, ...older } = content.backupSchedules?.[0] ?? {};
    expect(drBackupScheduleSchema.parse(older)).toEqual(older);
    expect(await caught(() => schedule({ cron: '0 2 * * *', drillCron: 5 }))).toMatchObject({
      issues: [expect.objectContaining({ path: ['drillCron'] })],
    });
  });
});
