import type { ContainerRuntime } from '../runtime/container-runtime.ports.js';
import { RuntimeError } from '../runtime/container-runtime.ports.js';
import type { InstanceRecord } from '../instances/instance.ports.js';
import { runtimeNames } from '../instances/instance.rules.js';
import { runPsql, waitForHealth, type StepSettings } from '../instances/odoo.steps.js';

/** Where an instance's filestores live in its Odoo container (data_dir/filestore). */
export const filestoreRoot = '/var/lib/odoo/filestore';

/** The names a restore works with: the live database, the restored copy, and the old one kept until the swap held. */
export function restoreNames(instance: Pick<InstanceRecord, 'id' | 'organizationId'>) {
  const names = runtimeNames(instance);
  // `odoo_` and hex digits with a fixed suffix: safe as SQL identifiers and directory names.
  return { ...names, live: names.database, restored: `${names.database}_restore`, old: `${names.database}_old` };
}

type Names = ReturnType<typeof restoreNames>;

/** Runs a shell command as odoo in the instance's container, in the filestore root. */
async function inFilestore(runtime: ContainerRuntime, names: Names, script: string, step: string): Promise<void> {
  const result = await runtime.exec(names.container, {
    user: 'odoo',
    command: ['/bin/sh', '-c', `mkdir -p ${filestoreRoot} && cd ${filestoreRoot} && ${script}`],
  });
  if (result.exitCode !== 0) throw new RuntimeError(step, result.stderr.trim() || `exit code ${result.exitCode}`);
}

/** An empty database for the restored copy, owned by the instance's role (a leftover copy is dropped first). */
export async function prepareRestoreTarget(runtime: ContainerRuntime, names: Names): Promise<void> {
  await runPsql(
    runtime,
    `DROP DATABASE IF EXISTS ${names.restored} WITH (FORCE);\nCREATE DATABASE ${names.restored} OWNER ${names.live};\n`,
    'create the restore database',
  );
  await inFilestore(runtime, names, `rm -rf ${names.restored}`, 'clear the restore filestore');
}

/** Removes a restored copy that was not swapped in. */
export async function discardRestoreTarget(runtime: ContainerRuntime, names: Names): Promise<void> {
  await runPsql(runtime, `DROP DATABASE IF EXISTS ${names.restored} WITH (FORCE);\n`, 'drop the restore database');
  await inFilestore(runtime, names, `rm -rf ${names.restored}`, 'remove the restore filestore');
}

const terminate = (names: Names) =>
  `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('${names.live}', '${names.restored}', '${names.old}');\n`;

/**
 * Puts the restored copy in place of the live data: filestore directories renamed, Odoo
 * stopped, databases renamed, Odoo started and healthy. The old data is kept as `_old`;
 * when any of it fails, `revertSwap` puts the old data back.
 */
export async function swapIn(runtime: ContainerRuntime, settings: StepSettings, names: Names): Promise<void> {
  await inFilestore(
    runtime,
    names,
    `rm -rf ${names.old} && mkdir -p ${names.restored} && { [ ! -d ${names.live} ] || mv ${names.live} ${names.old}; } && mv ${names.restored} ${names.live}`,
    'swap the filestore',
  );
  await runtime.stopContainer(names.container, 30);
  await runPsql(
    runtime,
    `${terminate(names)}DROP DATABASE IF EXISTS ${names.old} WITH (FORCE);\nALTER DATABASE ${names.live} RENAME TO ${names.old};\nALTER DATABASE ${names.restored} RENAME TO ${names.live};\n`,
    'swap the database',
  );
  await runtime.startContainer(names.container);
  await waitForHealth(runtime, settings, names.container);
}

/** Puts the old data back after a failed swap, and starts Odoo on it. */
export async function revertSwap(runtime: ContainerRuntime, settings: StepSettings, names: Names): Promise<void> {
  await runtime.stopContainer(names.container, 30);
  // Only when the old database is there: the live one is then the restored copy.
  await runPsql(
    runtime,
    `${terminate(names)}SELECT 'DROP DATABASE IF EXISTS ${names.live} WITH (FORCE)' WHERE EXISTS (SELECT FROM pg_database WHERE datname = '${names.old}')\\gexec
SELECT 'ALTER DATABASE ${names.old} RENAME TO ${names.live}' WHERE EXISTS (SELECT FROM pg_database WHERE datname = '${names.old}')\\gexec
`,
    'put the old database back',
  );
  await runtime.startContainer(names.container);
  await inFilestore(
    runtime,
    names,
    `if [ -d ${names.old} ]; then rm -rf ${names.live} && mv ${names.old} ${names.live}; fi`,
    'put the old filestore back',
  );
  await waitForHealth(runtime, settings, names.container);
}

/** Drops the old data once the restored copy runs. */
export async function dropOldData(runtime: ContainerRuntime, names: Names): Promise<void> {
  await runPsql(runtime, `DROP DATABASE IF EXISTS ${names.old} WITH (FORCE);\n`, 'drop the old database');
  await inFilestore(runtime, names, `rm -rf ${names.old}`, 'remove the old filestore');
}
