import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import { runtimeNames } from '../instances/instance.rules.js';
import type { Instance } from '../instances/instance.schema.js';
import { updateOrgSettings } from '../org-settings/org-settings.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { caught, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { createDestinationInput, type Destination } from '../backups/destination.schema.js';
import { createDestination } from '../backups/destination.service.js';
import { listBackups, restoreBackup } from '../backups/backup.service.js';
import { computeBackupHealth } from '../backups/schedule.service.js';
import {
  createInstanceDatabase,
  dropInstanceDatabase,
  neutralizeInstanceDatabase,
  renameInstanceDatabase,
  setServedDatabase,
} from './instance-databases-write.service.js';
import { listInstanceDatabases } from './instance-databases.service.js';

let deps: SettingsTestDeps & BackupFakes;
let owner: SignedUp;
let instance: Instance;
let destination: Destination;
let own: string;
let test: string;

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
}
const names = async () => (await listInstanceDatabases(deps, owner.actor, instance.id)).items.map((d) => d.name);
const backups = async () => (await listBackups(deps, owner.actor, instance.id)).items;
const stored = (id: string) =>
  [...deps.backupStores.objects.get(destination.id)!].find(([key]) => key.includes(id))?.[1].toString();

/** The backups as they stood each time the fake PostgreSQL was told to drop a database. */
function backupsSeenAtDrop(): string[][] {
  const seen: string[][] = [];
  const forServer = deps.runtimes.forServer.bind(deps.runtimes);
  deps.runtimes.forServer = (target) => {
    const runtime = forServer(target);
    return {
      ...runtime,
      exec: (container, command) => {
        if (typeof command.stdin === 'string' && command.stdin.startsWith('DROP DATABASE'))
          seen.push(deps.store.state.backups.backups.map((b) => `${b.status}: ${b.purpose}`));
        return runtime.exec(container, command);
      },
    };
  };
  return seen;
}

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
  owner = await signUpUser(deps, 'Ada Owner');
  const server = await createServer(deps, owner.actor, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPassword: 'pw',
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  ({ instance } = await createInstance(deps, owner.actor, { name: 'Shop', serverId: server.id, odooVersion: '18.0' }));
  await drain();
  destination = await createDestination(
    deps,
    owner.actor,
    createDestinationInput.parse({
      name: 'Offsite',
      kind: 's3',
      s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'backups', forcePathStyle: true },
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
    }),
  );
  await updateOrgSettings(deps, owner.actor, { backupDestinationId: destination.id });
  own = runtimeNames(instance).database;
  test = `${own}_test`;
  await createInstanceDatabase(deps, owner.actor, { id: instance.id, name: test });
});

describe('a backup before every destructive database action', () => {
  it('drops a database only once a backup of it completed at the default destination, listed', async () => {
    const seen = backupsSeenAtDrop();
    const dropped = await dropInstanceDatabase(deps, owner.actor, { id: instance.id, name: test, confirmName: test });
    expect(seen).toEqual([[`completed: before dropping database ${test}`]]);
    expect(dropped.items.map((d) => d.name)).toEqual([own]);
    const [backup] = await backups();
    expect(backup).toMatchObject({
      id: dropped.backupId,
      status: 'completed',
      trigger: 'safety',
      purpose: `before dropping database ${test}`,
      database: test,
      destinationId: destination.id,
      createdBy: owner.actor.userId,
    });
    // The archive is of the database dropped, not of the instance's own.
    expect(stored(backup!.id)).toContain(`'s ${test} at`);
    // It restores as a new instance, never over the instance's own database.
    expect(await caught(() => restoreBackup(deps, owner.actor, { id: backup!.id, target: 'in-place' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'target',
      message: expect.stringContaining(test),
    });
    expect((await computeBackupHealth(deps, owner.actor.organizationId, instance.id)).lastSuccessfulBackupAt).toBe(
      null,
    );
  });

  it('keeps the database when the backup fails, saying why', async () => {
    const seen = backupsSeenAtDrop();
    deps.backupStores.refuse = 'Access Denied';
    const err = await caught(() =>
      dropInstanceDatabase(deps, owner.actor, { id: instance.id, name: test, confirmName: test }),
    );
    const [failed] = await backups();
    expect(failed).toMatchObject({ status: 'failed', reason: 'Access Denied', database: test });
    expect(err).toMatchObject({
      code: 'UNAVAILABLE',
      message: `nothing was changed: the safety backup ${failed!.id} failed: Access Denied (taken before dropping database ${test})`,
    });
    expect(seen).toEqual([]);
    expect(await names()).toEqual([own, test]);
  });

  it('backs up before a rename, a neutralize and serving another database, and not when the backup fails', async () => {
    const renamed = await renameInstanceDatabase(deps, owner.actor, {
      id: instance.id,
      name: test,
      newName: `${own}_b`,
    });
    const neutralized = await neutralizeInstanceDatabase(deps, owner.actor, { id: instance.id, name: `${own}_b` });
    const served = await setServedDatabase(deps, owner.actor, { id: instance.id, name: `${own}_b` });
    await drain();
    expect((await backups()).map((b) => [b.id, b.purpose, b.database]).reverse()).toEqual([
      [renamed.backupId, `before renaming database ${test} to ${own}_b`, test],
      [neutralized.backupId, `before neutralizing database ${own}_b`, `${own}_b`],
      [served.backupId, `before serving database ${own}_b instead of ${own}`, null],
    ]);
    const execs = deps.runtimes.engine('127.0.0.1').execs;
    const neutralizing = execs.filter((e) => e.includes(' neutralize '));
    deps.backupStores.refuse = 'disk full';
    expect(
      await caught(() => neutralizeInstanceDatabase(deps, owner.actor, { id: instance.id, name: own })),
    ).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('disk full') });
    expect(await caught(() => setServedDatabase(deps, owner.actor, { id: instance.id, name: own }))).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(`before serving database ${own} instead of ${own}_b`),
    });
    expect(execs.filter((e) => e.includes(' neutralize '))).toEqual(neutralizing);
    expect((await listInstanceDatabases(deps, owner.actor, instance.id)).served).toBe(`${own}_b`);
  });
});
