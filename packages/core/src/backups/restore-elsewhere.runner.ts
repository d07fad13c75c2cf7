import { connectToInstanceServer, StepFailure } from '../instances/operation.runner.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { runtimeNames, sharedPostgres } from '../instances/instance.rules.js';
import { RuntimeError, type ContainerRuntime } from '../runtime/container-runtime.ports.js';
import { commitAndPublish } from '../shared/change.js';
import { backupEvents, type BackupDeps } from './backup.deps.js';
import type { BackupRecord, BackupStore } from './backup.ports.js';
import type { Restore } from './backup.schema.js';
import { emitBackup } from './backup.service.js';
import { openStoreOf, reasonOf } from './backup.runner.js';
import { filestoreDifferences, manifestVersion, parseFileList } from './backup-contents.rules.js';
import {
  prepareShell,
  removeShell,
  routeShell,
  shellSecrets,
  startShell,
  type InstanceShell,
} from './new-instance.steps.js';
import { setInstanceStatus } from './new-instance.service.js';
import { filestoreRoot } from './restore.steps.js';
import { saveRestore, stepper } from './restore.runner.js';
import { plainSourceOf } from './backup-key.service.js';

type Step = ReturnType<typeof stepper>;

/** Loads the backup into the shell's empty database and its filestore directory. */
async function loadInto(
  deps: BackupDeps,
  runtime: ContainerRuntime,
  shell: InstanceShell,
  store: BackupStore,
  backup: BackupRecord,
): Promise<void> {
  const names = runtimeNames(shell);
  const made = await runtime.exec(names.container, {
    user: 'odoo',
    command: ['/bin/sh', '-c', `mkdir -p ${filestoreRoot}`],
  });
  if (made.exitCode !== 0) throw new RuntimeError('make the filestore directory', made.stderr.trim());
  const source = await plainSourceOf(deps, backup, store);
  await deps.odooArchiver.restore(runtime, shell as InstanceRecord, source, {
    database: names.database,
    filestoreDir: names.database,
  });
}

/** The database opens for the instance's own role: Odoo's installed modules are read from it. */
async function checkDatabase(runtime: ContainerRuntime, shell: InstanceShell): Promise<void> {
  const { database } = runtimeNames(shell);
  const result = await runtime.exec(sharedPostgres.container, {
    command: ['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', database],
    stdin: `SET ROLE ${database};\nSELECT count(*) FROM ir_module_module WHERE state = 'installed';\n`,
  });
  if (result.exitCode !== 0) throw new RuntimeError('query the database', result.stderr.trim() || 'psql failed');
  if (!(Number(result.stdout.trim()) > 0))
    throw new RuntimeError('query the database', 'it opens, but no installed Odoo module is in it');
}

/** The files of the restored filestore, as the running Odoo container sees them. */
async function restoredFiles(runtime: ContainerRuntime, shell: InstanceShell) {
  const names = runtimeNames(shell);
  const result = await runtime.exec(names.container, {
    user: 'odoo',
    command: [
      '/bin/sh',
      '-c',
      `cd ${filestoreRoot}/${names.database} 2>/dev/null || exit 0; find . -type f -printf '%P\\t%s\\n'`,
    ],
  });
  if (result.exitCode !== 0) throw new RuntimeError('list the filestore', result.stderr.trim() || 'find failed');
  return parseFileList(result.stdout);
}

/** The drill's steps; everything it made is removed whatever happened. */
async function drill(deps: BackupDeps, step: Step, restore: Restore, backup: BackupRecord, store: BackupStore) {
  const instance = await deps.store.instances.findById(restore.instanceId);
  if (!instance) throw new StepFailure('start', 'the backup’s instance was deleted before the drill ran');
  const contents = await step('read the backup', async () =>
    deps.backupInspector.inspect(await plainSourceOf(deps, backup, store)),
  );
  const odooVersion = manifestVersion(contents.manifest);
  if (!odooVersion) throw new StepFailure('read the backup', 'its manifest.json names no Odoo version');
  // Named after the drill: nothing of the instance's own is touched.
  const shell: InstanceShell = {
    id: restore.id,
    organizationId: restore.organizationId,
    serverId: instance.serverId,
    odooVersion,
    workers: 1,
    envVars: {},
    cpuLimit: null,
    memoryLimitMb: null,
  };
  const runtime = await step('connect to server', () => connectToInstanceServer(deps, instance));
  try {
    const secrets = await shellSecrets(deps, shell, false);
    await step('create the throwaway instance', () => prepareShell(deps, runtime, shell, secrets));
    await step('load the backup', () => loadInto(deps, runtime, shell, store, backup));
    await step('wait for /web/health', () => startShell(deps, runtime, shell, secrets));
    await step('open the database', () => checkDatabase(runtime, shell));
    await step('compare the filestore', async () => {
      const problem = filestoreDifferences(contents.files, await restoredFiles(runtime, shell));
      if (problem) throw new Error(problem);
    });
  } finally {
    await saveRestore(deps, restore.id, { step: 'remove the throwaway instance' });
    await removeShell(runtime, shell).catch(() => undefined);
  }
}

/** Records the drill's outcome on the backup; a failure raises `backup.verify_failed`. */
async function recordDrill(deps: BackupDeps, backup: BackupRecord, reason: string | null): Promise<void> {
  await commitAndPublish(deps, async (tx, _record, emit) => {
    const patch = reason
      ? { verifyStatus: 'failed' as const, verifyReason: reason }
      : { verifyStatus: 'passed' as const, verifyReason: null, verifiedAt: deps.clock.now() };
    const updated = await tx.backups.update(backup.id, patch);
    await emitBackup(emit, updated);
    if (!reason) return;
    const instance = backup.instanceId && (await tx.instances.find(backup.organizationId, backup.instanceId));
    await emit({
      organizationId: backup.organizationId,
      type: backupEvents.verifyFailed,
      payload: {
        targetType: 'backup',
        targetId: backup.id,
        instanceId: backup.instanceId,
        instanceName: instance ? instance.name : null,
        reason,
      },
    });
  });
}

/** Makes the new instance of the data: shell, backup loaded, Odoo started, routed, `running`. */
async function restoreNew(
  deps: BackupDeps,
  step: Step,
  instance: InstanceRecord,
  store: BackupStore,
  backup: BackupRecord,
) {
  await setInstanceStatus(deps, instance.id, { status: 'deploying', failedStep: null, failureReason: null });
  const runtime = await step('connect to server', () => connectToInstanceServer(deps, instance));
  try {
    const secrets = await shellSecrets(deps, instance);
    await step('create the instance', () => prepareShell(deps, runtime, instance, secrets));
    await step('load the backup into the new database', () => loadInto(deps, runtime, instance, store, backup));
    await step('wait for /web/health', () => startShell(deps, runtime, instance, secrets));
    await step('update proxy', () => routeShell(deps, runtime, instance));
  } catch (err) {
    // Nothing half-made is kept: the instance stays, failed with the reason, holding no data.
    await removeShell(runtime, instance).catch(() => undefined);
    throw err;
  }
  await setInstanceStatus(deps, instance.id, { status: 'running' });
}

/** The job of a restore into a new instance or a drill (`runRestore` hands them here). */
export async function runRestoreElsewhere(deps: BackupDeps, queued: Restore): Promise<Restore> {
  await saveRestore(deps, queued.id, { status: 'running', step: null, error: null });
  const step = stepper(deps, queued.id);
  let store: BackupStore | undefined;
  const backup = await deps.store.backups.findById(queued.backupId);
  try {
    if (backup?.status !== 'completed') throw new StepFailure('start', 'the backup was deleted before the restore ran');
    store = await step('open the destination', () => openStoreOf(deps, backup));
    const opened = store;
    if (queued.target === 'verify') {
      await drill(deps, step, queued, backup, opened);
      await recordDrill(deps, backup, null);
    } else {
      const instance = await deps.store.instances.findById(queued.instanceId);
      if (!instance) throw new StepFailure('start', 'the new instance was deleted before the restore ran');
      await restoreNew(deps, step, instance, opened, backup);
    }
    return await saveRestore(deps, queued.id, { status: 'succeeded', step: null, finishedAt: deps.clock.now() });
  } catch (err) {
    const failedStep = err instanceof StepFailure ? err.step : null;
    const reason = reasonOf(err);
    if (queued.target === 'verify' && backup) await recordDrill(deps, backup, reason);
    if (queued.target === 'new')
      await setInstanceStatus(deps, queued.instanceId, {
        status: 'failed',
        failedStep: failedStep ?? 'restore',
        failureReason: `the restore of backup ${queued.backupId} failed (nothing of it was kept): ${reason}`,
      });
    return saveRestore(deps, queued.id, {
      status: 'failed',
      step: failedStep,
      error: reason,
      finishedAt: deps.clock.now(),
    });
  } finally {
    store?.close();
  }
}
