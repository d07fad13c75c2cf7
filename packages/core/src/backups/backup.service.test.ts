import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createTemplateInput } from '../templates/template.schema.js';
import { createTemplate } from '../templates/template.service.js';
import { provisionInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import { runtimeNames } from '../instances/instance.rules.js';
import type { Instance } from '../instances/instance.schema.js';
import { updatePortalConfig } from '../agency/portal-config.service.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { addClient, joinClientAs, signUpAgency, switchInto } from '../testing/agency-fixtures.js';
import { caught, joinAs, type SignedUp } from '../testing/test-fixtures.js';
import type { Actor } from '../auth/actor.js';
import { createBackupInput } from './backup.schema.js';
import { createDestinationInput, type Destination } from './destination.schema.js';
import { createBackup, deleteBackup, getBackup, listRestores, listBackups, restoreBackup } from './backup.service.js';
import { createDestination, listDestinations, testDestination, updateDestination } from './destination.service.js';
import { runBackup } from './backup.runner.js';
import { runRestore } from './restore.runner.js';

type Deps = SettingsTestDeps & BackupFakes;
let deps: Deps;
let agency: SignedUp;
let operator: Actor;
let instance: Instance;
let destination: Destination;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
  for (const job of deps.backupQueue.requested.splice(0))
    await (job.kind === 'backup' ? runBackup(deps, job.id) : runRestore(deps, job.id));
}

beforeEach(async () => {
  deps = { ...createSettingsTestDeps(), ...createBackupFakes() };
  agency = await signUpAgency(deps, 'Ada Agency');
  const client = await addClient(deps, agency.actor, 'Client Co');
  operator = (await switchInto(deps, agency.actor, client.id)).actor;
  const server = await createServer(deps, operator, {
    name: 'odoo-1',
    host: '127.0.0.1',
    port: 22,
    sshUser: 'root',
    sshPrivateKey: key,
    capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
  });
  const template = await createTemplate(
    deps,
    operator,
    createTemplateInput.parse({ name: 'Shop', odooVersion: '18.0' }),
  );
  ({ instance } = await provisionInstance(deps, operator, { id: template.id, serverId: server.id, overrides: {} }));
  destination = await createDestination(
    deps,
    operator,
    createDestinationInput.parse({
      name: 'Offsite',
      kind: 's3',
      s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'backups', forcePathStyle: true },
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
    }),
  );
  await drain();
});

const backUp = (actor: Actor) =>
  createBackup(deps, actor, createBackupInput.parse({ id: instance.id, destinationId: destination.id }));

describe('destinations', () => {
  it('keeps credentials write-only and sealed, and keeps them when an update leaves them out', async () => {
    expect(destination).toMatchObject({ kind: 's3', hasCredentials: true });
    expect(JSON.stringify(destination)).not.toContain('shh');
    const stored = deps.store.state.backups.destinations[0]!;
    expect(stored.sealedCredentials).toMatch(/^enc:v1:/);
    const renamed = await updateDestination(deps, operator, {
      id: destination.id,
      name: 'Renamed',
      kind: 's3',
      s3: destination.s3!,
    });
    expect(renamed).toMatchObject({ name: 'Renamed', hasCredentials: true });
    expect((await listDestinations(deps, operator)).total).toBe(1);
    expect(await testDestination(deps, operator, destination.id)).toEqual({ ok: true, detail: 'memory:Renamed' });
  });

  it('refuses settings of another kind and missing credentials, naming the field', async () => {
    const wrong = createDestinationInput.safeParse({
      name: 'x',
      kind: 's3',
      sftp: { host: 'h', username: 'u', directory: '/b' },
    });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['s3', 'sftp']));
    const err = await caught(() =>
      createDestination(deps, operator, createDestinationInput.parse({ name: 'x', kind: 's3', s3: { bucket: 'abc' } })),
    );
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'credentials' });
  });

  it('answers a failing test with the reason', async () => {
    deps.backupStores.refuse = 'Access Denied';
    expect(await caught(() => testDestination(deps, operator, destination.id))).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Access Denied'),
    });
  });
});

describe('backups', () => {
  it('is completed only once the bytes are at the destination and their checksum was read back', async () => {
    const pending = await backUp(operator);
    expect(pending).toMatchObject({ status: 'pending', trigger: 'manual', createdBy: operator.userId });
    await drain();
    const done = await getBackup(deps, operator, pending.id);
    expect(done).toMatchObject({ status: 'completed', reason: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(done.sizeBytes).toBeGreaterThan(0);
    expect(deps.backupStores.objects.get(destination.id)?.size).toBe(1);
    expect((await listBackups(deps, operator, instance.id)).items.map((b) => b.id)).toEqual([pending.id]);
    const actions = deps.store.state.audit.map((a) => a.action);
    expect(actions).toContain('backup.requested');
  });

  it('fails with the reason when the destination refuses, and leaves nothing there', async () => {
    deps.backupStores.refuse = 'No space left on device';
    const pending = await backUp(operator);
    await drain();
    expect(await getBackup(deps, operator, pending.id)).toMatchObject({
      status: 'failed',
      reason: 'No space left on device',
    });
    expect(deps.backupStores.objects.get(destination.id)?.size ?? 0).toBe(0);
  });

  it('fails when the checksum read back differs, and removes what was written', async () => {
    deps.backupStores.corrupt = true;
    const pending = await backUp(operator);
    await drain();
    const failed = await getBackup(deps, operator, pending.id);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/checksum mismatch/);
    expect(deps.backupStores.objects.get(destination.id)?.size).toBe(0);
  });

  it('deletes the bytes at the destination with the record', async () => {
    const pending = await backUp(operator);
    await drain();
    await deleteBackup(deps, operator, pending.id);
    expect(deps.backupStores.objects.get(destination.id)?.size).toBe(0);
    expect(await caught(() => getBackup(deps, operator, pending.id))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('needs manage:instances to back up, and the Backups feature for a client member; operators are never blocked', async () => {
    const viewer = await joinClientAs(deps, agency.actor, instance.organizationId, 'Vic Viewer', 'Viewer');
    expect(await caught(() => backUp(viewer.actor))).toMatchObject({ code: 'PERMISSION_DENIED' });
    const dev = await joinClientAs(deps, agency.actor, instance.organizationId, 'Dee Dev', 'Developer');
    expect((await backUp(dev.actor)).status).toBe('pending');
    await updatePortalConfig(deps, agency.actor, { featureBackups: false });
    expect(await caught(() => backUp(dev.actor))).toMatchObject({ code: 'FEATURE_DISABLED' });
    expect(await caught(() => listBackups(deps, dev.actor, instance.id))).toMatchObject({ code: 'FEATURE_DISABLED' });
    expect((await backUp(operator)).status).toBe('pending');
  });

  it('does not tell another organization’s backups apart from missing ones', async () => {
    const pending = await backUp(operator);
    const other = await joinAs(deps, agency.actor, 'Olga Other', 'Admin');
    expect(await caught(() => getBackup(deps, other.actor, pending.id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('restore in place', () => {
  it('takes a safety backup, loads the copy, swaps it in and drops the old data', async () => {
    const backup = await backUp(operator);
    await drain();
    const restore = await restoreBackup(deps, operator, { id: backup.id, target: 'in-place' });
    expect(restore.status).toBe('queued');
    await drain();
    const done = (await listRestores(deps, operator, backup.id)).items[0]!;
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    expect(await getBackup(deps, operator, done.safetyBackupId!)).toMatchObject({
      status: 'completed',
      trigger: 'safety',
    });
    const db = runtimeNames(instance).database;
    expect(deps.odooArchiver.restored).toEqual([expect.stringMatching(new RegExp(`^${db}_restore: backup of`))]);
    const execs = deps.runtimes.engine('127.0.0.1').execs.join('\n');
    expect(execs).toContain(`mv ${db} ${db}_old; } && mv ${db}_restore ${db}`);
    expect(execs).toContain(`rm -rf ${db}_old`);
  });

  it('leaves the instance as it was when the copy cannot be loaded', async () => {
    const backup = await backUp(operator);
    await drain();
    deps.odooArchiver.failRestore = 'dump.sql: ERROR: syntax error';
    const restore = await restoreBackup(deps, operator, { id: backup.id, target: 'in-place' });
    await drain();
    expect((await listRestores(deps, operator, backup.id)).items[0]!).toMatchObject({
      id: restore.id,
      status: 'failed',
      step: 'load the backup into a new database',
      error: expect.stringContaining('syntax error'),
    });
    const execs = deps.runtimes.engine('127.0.0.1').execs.join('\n');
    // No filestore was swapped (the proxy's own configuration moves are not the restore's).
    expect(execs).not.toMatch(/ mv odoo_/);
    expect(execs.trim().split('\n').at(-1)).toMatch(/rm -rf odoo_\w+_restore$/);
  });

  it('refuses a backup that is not completed', async () => {
    deps.backupStores.refuse = 'denied';
    const backup = await backUp(operator);
    await drain();
    expect(await caught(() => restoreBackup(deps, operator, { id: backup.id, target: 'in-place' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'status',
    });
  });
});
