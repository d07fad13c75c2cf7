import { beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../servers/server.service.js';
import { createInstance } from '../instances/provision.service.js';
import { runOperation } from '../instances/operation.runner.js';
import { cloneInstance, type CloneDeps, type CloneJob } from '../instances/clone.service.js';
import { cloneInstanceInput } from '../instances/clone.schema.js';
import { runClone } from '../instances/clone.runner.js';
import type { Instance } from '../instances/instance.schema.js';
import { runtimeNames } from '../instances/instance.rules.js';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { createBackupFakes, type BackupFakes } from '../testing/backup-fakes.js';
import { signUpAgency } from '../testing/agency-fixtures.js';
import { caught } from '../testing/test-fixtures.js';
import type { Actor } from '../auth/actor.js';
import { createBackupInput, type Backup } from './backup.schema.js';
import { createDestinationInput } from './destination.schema.js';
import { createBackup, getBackup, listInstanceRestores, listRestores } from './backup.service.js';
import { createDestination } from './destination.service.js';
import { runBackup } from './backup.runner.js';
import { runRestore } from './restore.runner.js';
import { restoreAsNew, verifyBackup } from './restore-elsewhere.service.js';
import { importBackup } from './import.service.js';

type Deps = SettingsTestDeps & BackupFakes & CloneDeps & { cloneQueue: { requested: CloneJob[] } };
let deps: Deps;
let operator: Actor;
let instance: Instance;
let serverId: string;
let backup: Backup;

const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----';

async function drain() {
  for (const id of deps.operationQueue.requested.splice(0)) await runOperation(deps, id);
  for (const job of deps.backupQueue.requested.splice(0))
    await (job.kind === 'backup' ? runBackup(deps, job.id) : runRestore(deps, job.id));
  for (const job of deps.cloneQueue.requested.splice(0)) await runClone(deps, job);
}

async function* bytes(text: string) {
  yield Buffer.from(text);
}

beforeEach(async () => {
  const requested: CloneJob[] = [];
  deps = {
    ...createSettingsTestDeps(),
    ...createBackupFakes(),
    cloneQueue: { requested, request: async (job: CloneJob) => void requested.push(job) },
  };
  operator = (await signUpAgency(deps, 'Ada Agency')).actor;
  serverId = (
    await createServer(deps, operator, {
      name: 'odoo-1',
      host: '127.0.0.1',
      port: 22,
      sshUser: 'root',
      sshPrivateKey: key,
      capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
    })
  ).id;
  const project = await deps.store.projects.insert({
    organizationId: operator.organizationId,
    name: 'Shop',
    description: '',
  });
  ({ instance } = await createInstance(deps, operator, {
    serverId,
    projectId: project.id,
    name: 'Production',
    odooVersion: '18.0',
  }));
  const destination = await createDestination(
    deps,
    operator,
    createDestinationInput.parse({
      name: 'Disk',
      kind: 's3',
      s3: { bucket: 'backups' },
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    }),
  );
  await drain();
  backup = await createBackup(
    deps,
    operator,
    createBackupInput.parse({ id: instance.id, destinationId: destination.id }),
  );
  await drain();
});

describe('restore into a new instance', () => {
  it('makes an instance of the manifest’s version in the source’s project, and starts it once loaded', async () => {
    expect(await caught(() => restoreAsNew(deps, operator, { id: backup.id, target: 'new' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'name',
    });
    const restore = await restoreAsNew(deps, operator, {
      id: backup.id,
      target: 'new',
      name: 'Copy',
      stage: 'staging',
    });
    const made = await deps.store.instances.findById(restore.instanceId);
    expect(made).toMatchObject({
      status: 'pending',
      odooVersion: '18.0',
      projectId: instance.projectId,
      stage: 'staging',
    });
    await drain();
    expect((await listRestores(deps, operator, backup.id)).items[0]).toMatchObject({
      status: 'succeeded',
      target: 'new',
    });
    expect(await deps.store.instances.findById(restore.instanceId)).toMatchObject({ status: 'running' });
    expect(deps.odooArchiver.restored.at(-1)).toMatch(/^odoo_\w+: backup of/);
  });

  it('leaves the new instance failed with the reason, and nothing of it on the server, when loading fails', async () => {
    deps.odooArchiver.failRestore = 'dump.sql: ERROR: out of disk';
    const restore = await restoreAsNew(deps, operator, { id: backup.id, target: 'new', name: 'Copy' });
    await drain();
    expect(await deps.store.instances.findById(restore.instanceId)).toMatchObject({
      status: 'failed',
      failedStep: 'load the backup into the new database',
      failureReason: expect.stringContaining('out of disk'),
    });
    const engine = deps.runtimes.engine('127.0.0.1');
    expect(
      [...engine.containers.keys()].some((n) => n.includes(restore.instanceId.replace(/-/g, '').slice(0, 12))),
    ).toBe(false);
  });
});

describe('restore drills', () => {
  it('records a failed drill on the backup, raises backup.verify_failed, and removes the throwaway', async () => {
    const drill = await verifyBackup(deps, operator, backup.id);
    expect(drill).toMatchObject({ target: 'verify', status: 'queued' });
    await drain();
    // The fake database answers no installed module: the drill must fail, naming the step.
    expect(await getBackup(deps, operator, backup.id)).toMatchObject({
      verifyStatus: 'failed',
      verifiedAt: null,
      verifyReason: expect.stringContaining('open the database'),
    });
    expect(deps.events.published().some((e) => e.type === 'backup.verify_failed')).toBe(true);
    const engine = deps.runtimes.engine('127.0.0.1');
    expect([...engine.containers.keys()].some((n) => n.includes(drill.id.replace(/-/g, '').slice(0, 12)))).toBe(false);
    expect(engine.execs.join('\n')).toContain('mkdir -p /var/lib/odoo/filestore');
  });
});

describe('staging clones', () => {
  it('clones on the same server, in the same project, neutralized before Odoo starts', async () => {
    const operation = await cloneInstance(
      deps,
      operator,
      cloneInstanceInput.parse({ id: instance.id, name: 'Staging', stage: 'staging' }),
    );
    await drain();
    const clone = await deps.store.instances.findById(operation.instanceId!);
    expect(clone).toMatchObject({ status: 'running', stage: 'staging', projectId: instance.projectId, serverId });
    const execs = deps.runtimes.engine('127.0.0.1').execs.join('\n');
    expect(execs.indexOf('neutralize')).toBeGreaterThan(-1);
    expect(execs).toContain('--reflink=auto');
  });

  it('clones onto another server, streaming the database and filestore across', async () => {
    const farId = (
      await createServer(deps, operator, {
        name: 'odoo-2',
        host: '::1',
        port: 22,
        sshUser: 'root',
        sshPrivateKey: key,
        capacity: { cpuCores: 4, memoryMb: 8192, maxInstances: 10 },
      })
    ).id;
    const input = cloneInstanceInput.parse({ id: instance.id, name: 'Far', stage: 'development', serverId: farId });
    const operation = await cloneInstance(deps, operator, input);
    await drain();
    const clone = await deps.store.instances.findById(operation.instanceId!);
    expect(clone, clone?.failureReason ?? '').toMatchObject({
      status: 'running',
      serverId: farId,
      stage: 'development',
    });
    const source = runtimeNames(instance);
    const copy = runtimeNames(clone!);
    // pg_dump on the source's engine; what it wrote went into pg_restore on the clone's.
    const near = deps.runtimes.engine('127.0.0.1').execs.join('\n');
    const far = deps.runtimes.engine('::1').execs.join('\n');
    expect(near).toContain(`pg_dump --format=custom --no-owner -h 127.0.0.1 -U postgres ${source.database}`);
    expect(far).toContain(
      `--role=${copy.database} --exit-on-error -h 127.0.0.1 -U postgres -d ${copy.database} <- dump of ${source.database}`,
    );
    expect(far).toContain('neutralize');
    expect(near).not.toContain('--reflink=auto');
    expect(far).not.toContain('TEMPLATE');
  });

  it('refuses a server that is not the organization’s, naming the field', async () => {
    const input = cloneInstanceInput.parse({
      id: instance.id,
      name: 'Far',
      stage: 'development',
      serverId: '00000000-0000-4000-8000-000000000000',
    });
    expect(await caught(() => cloneInstance(deps, operator, input))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe("an instance's restores", () => {
  it('lists the drills of its backups and a restore into it as a new instance, newest first, each on its own instance', async () => {
    const drill = await verifyBackup(deps, operator, backup.id);
    const asNew = await restoreAsNew(deps, operator, { id: backup.id, target: 'new', name: 'Copy' });
    await drain();
    const own = await listInstanceRestores(deps, operator, instance.id);
    expect(own.items.map((r) => [r.id, r.target])).toEqual([[drill.id, 'verify']]);
    expect(own.items[0]).toMatchObject({ status: 'failed', step: expect.any(String), finishedAt: expect.any(String) });
    const copy = await listInstanceRestores(deps, operator, asNew.instanceId);
    expect(copy.items.map((r) => [r.id, r.target])).toEqual([[asNew.id, 'new']]);
    expect(
      await caught(() => listInstanceRestores(deps, operator, '00000000-0000-4000-8000-000000000000')),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('imports', () => {
  it('refuses a zip of another version naming both, and keeps nothing of it', async () => {
    deps.backupInspector.contents = { format: 'zip', manifest: { version: '17.0' }, files: [] };
    const before = deps.store.state.backups.backups.length;
    expect(await caught(() => importBackup(deps, operator, { id: instance.id, body: bytes('zip') }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'version',
      message: expect.stringMatching(/Odoo 17\.0 and the instance runs Odoo 18\.0/),
    });
    expect(deps.store.state.backups.backups).toHaveLength(before);
  });

  it('keeps a matching zip as an imported backup and restores it in place', async () => {
    const { backup: imported, restore } = await importBackup(deps, operator, { id: instance.id, body: bytes('zip') });
    expect(imported).toMatchObject({ trigger: 'import', status: 'completed', sizeBytes: 3 });
    await drain();
    expect((await listRestores(deps, operator, imported.id)).items[0]).toMatchObject({
      id: restore.id,
      status: 'succeeded',
    });
  });
});
