import type { Actor } from '../auth/actor.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import type { BackupDeps } from '../backups/backup.deps.js';
import { backUpBefore } from '../backups/safety-backup.js';
import { dispatchOperation, queueOperation } from '../instances/instance.service.js';
import { onRuntime } from '../instances/instance-runtime.access.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError } from '../shared/domain-error.js';
import {
  databaseSql,
  filestoreCommands,
  odooCommands,
  runSql,
  runSqlOrFail,
  serveDatabase,
} from './database-commands.js';
import { requireDatabaseName } from './database-name.rules.js';
import {
  accessDatabases,
  auditDatabase,
  listInstanceDatabases,
  ownedDatabases,
  requireNotServed,
  requireOwned,
  runInInstance,
} from './instance-databases.service.js';
import type {
  CreateDatabaseInput,
  DropDatabaseInput,
  DuplicateDatabaseInput,
  InstanceDatabaseList,
  InstanceDatabaseChange,
  RenameDatabaseInput,
} from './instance-databases.schema.js';
import type { Operation } from '../instances/operation.schema.js';

/** Creates a database owned by the instance's role and installs Odoo's base in it (manage:instances, featureDatabases). */
export async function createInstanceDatabase(
  deps: InstanceDeps,
  actor: Actor,
  input: CreateDatabaseInput,
): Promise<InstanceDatabaseList> {
  const access = await accessDatabases(deps, actor, input.id, 'manage:instances');
  const name = requireDatabaseName(access.role, input.name);
  await runSqlOrFail(access.runtime, databaseSql.create, { name, role: access.role });
  await runInInstance(access, odooCommands.initialize(name), `initialize ${name}`);
  await auditDatabase(deps, actor, input.id, 'instance.database_created', { name });
  return listInstanceDatabases(deps, actor, input.id);
}

/**
 * Copies a database (`CREATE DATABASE … TEMPLATE`) and its filestore, then neutralizes the copy
 * when asked (manage:instances, featureDatabases). The source is closed to new connections for
 * the copy, and opened again whatever happened.
 */
export async function duplicateInstanceDatabase(
  deps: InstanceDeps,
  actor: Actor,
  input: DuplicateDatabaseInput,
): Promise<InstanceDatabaseList> {
  const access = await accessDatabases(deps, actor, input.id, 'manage:instances');
  const source = await requireOwned(access, input.name);
  const newName = requireDatabaseName(access.role, input.newName, 'newName');
  try {
    await runSqlOrFail(
      access.runtime,
      databaseSql.duplicate,
      { name: source.name, newName, role: access.role },
      'newName',
    );
  } finally {
    await runSql(access.runtime, databaseSql.allowConnections, { name: source.name });
  }
  await runInInstance(access, filestoreCommands.copy(source.name, newName), 'copy the filestore');
  if (input.neutralize) await runInInstance(access, odooCommands.neutralize(newName), `neutralize ${newName}`);
  await auditDatabase(deps, actor, input.id, 'instance.database_duplicated', {
    name: source.name,
    newName,
    neutralized: input.neutralize,
  });
  return listInstanceDatabases(deps, actor, input.id);
}

/**
 * Renames a database the instance does not serve, and its filestore, once a backup of it was
 * taken (manage:instances, featureDatabases).
 */
export async function renameInstanceDatabase(
  deps: BackupDeps,
  actor: Actor,
  input: RenameDatabaseInput,
): Promise<InstanceDatabaseChange> {
  const access = await accessDatabases(deps, actor, input.id, 'manage:instances');
  const source = await requireOwned(access, input.name);
  requireNotServed(source, 'rename');
  const newName = requireDatabaseName(access.role, input.newName, 'newName');
  const backup = await backUpBefore(deps, actor, access.instance, {
    purpose: `before renaming database ${source.name} to ${newName}`,
    database: source.name,
  });
  await runSqlOrFail(access.runtime, databaseSql.rename, { name: source.name, newName }, 'newName');
  await runInInstance(access, filestoreCommands.move(source.name, newName), 'move the filestore');
  await auditDatabase(deps, actor, input.id, 'instance.database_renamed', {
    name: source.name,
    newName,
    backupId: backup.id,
  });
  return { ...(await listInstanceDatabases(deps, actor, input.id)), backupId: backup.id };
}

/**
 * Drops a database the instance does not serve, and its filestore, once a backup of it was
 * taken; the name must be typed again (manage:instances, featureDatabases).
 */
export async function dropInstanceDatabase(
  deps: BackupDeps,
  actor: Actor,
  input: DropDatabaseInput,
): Promise<InstanceDatabaseChange> {
  if (input.confirmName !== input.name)
    throw new DomainError('INVALID_INPUT', 'confirmName: type the database’s name again to drop it', {
      field: 'confirmName',
    });
  const access = await accessDatabases(deps, actor, input.id, 'manage:instances');
  const database = await requireOwned(access, input.name);
  requireNotServed(database, 'drop');
  const backup = await backUpBefore(deps, actor, access.instance, {
    purpose: `before dropping database ${database.name}`,
    database: database.name,
  });
  await runSqlOrFail(access.runtime, databaseSql.drop, { name: database.name });
  await runInInstance(access, filestoreCommands.remove(database.name), 'remove the filestore');
  await auditDatabase(deps, actor, input.id, 'instance.database_dropped', {
    name: database.name,
    backupId: backup.id,
  });
  return { ...(await listInstanceDatabases(deps, actor, input.id)), backupId: backup.id };
}

/**
 * Runs Odoo's `neutralize` on a database (crons and outgoing mail off) once a backup of it was
 * taken (manage:instances, featureDatabases).
 */
export async function neutralizeInstanceDatabase(
  deps: BackupDeps,
  actor: Actor,
  input: { id: string; name: string },
): Promise<InstanceDatabaseChange> {
  const access = await accessDatabases(deps, actor, input.id, 'manage:instances');
  const database = await requireOwned(access, input.name);
  const backup = await backUpBefore(deps, actor, access.instance, {
    purpose: `before neutralizing database ${database.name}`,
    database: database.name,
  });
  await runInInstance(access, odooCommands.neutralize(database.name), `neutralize ${database.name}`);
  await auditDatabase(deps, actor, input.id, 'instance.database_neutralized', {
    name: database.name,
    backupId: backup.id,
  });
  return { ...(await listInstanceDatabases(deps, actor, input.id)), backupId: backup.id };
}

/**
 * Makes the instance serve another of its databases: odoo.conf's db_name and dbfilter, then a
 * restart operation applies it (manage:instances, featureDatabases). The one of its databases
 * served until now is backed up first; when none is, there is nothing to back up.
 */
export async function setServedDatabase(
  deps: BackupDeps,
  actor: Actor,
  input: { id: string; name: string },
): Promise<{ served: string; operation: Operation; backupId: string | null }> {
  const access = await accessDatabases(deps, actor, input.id, 'manage:instances');
  const database = await requireOwned(access, input.name);
  const conf = await access.execOdoo({ command: ['cat', '/etc/odoo/odoo.conf'] });
  if (conf.exitCode !== 0) throw new DomainError('UNAVAILABLE', `read odoo.conf failed: ${conf.stderr.trim()}`);
  const content = serveDatabase(conf.stdout, database.name);
  // Only one of its own: odoo.conf may name any database, or one that is gone (nothing to back up).
  const before = (await ownedDatabases(access)).find((d) => d.served && d.name !== database.name)?.name;
  const backup = before
    ? await backUpBefore(deps, actor, access.instance, {
        purpose: `before serving database ${database.name} instead of ${before}`,
        database: before,
      })
    : undefined;
  // The restart is queued first (refused while another operation runs), odoo.conf written inside
  // the same transaction: a failure of either leaves neither, and the job starts only after commit.
  const operation = await commitAndPublish(deps, async (tx, record, emit) => {
    const instance = await tx.instances.find(actor.organizationId, input.id);
    if (!instance) throw new DomainError('NOT_FOUND', 'Instance not found');
    const queued = await queueOperation(deps, tx, record, emit, actor, instance, 'restart');
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance.database_served',
      targetType: 'instance',
      targetId: input.id,
      diff: { name: database.name, operationId: queued.id, backupId: backup?.id ?? null },
    });
    await onRuntime(() =>
      access.runtime.putFiles(access.names.container, '/etc/odoo', [{ path: 'odoo.conf', content, mode: 0o644 }]),
    );
    return queued;
  });
  await dispatchOperation(deps, operation);
  return { served: database.name, operation, backupId: backup?.id ?? null };
}
