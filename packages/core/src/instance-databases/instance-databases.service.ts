import type { Actor } from '../auth/actor.js';
import type { Permission } from '../members/permissions.js';
import type { InstanceDeps } from '../instances/instance.deps.js';
import { accessInstance, type InstanceAccess } from '../instances/instance-runtime.access.js';
import { commitAndPublish } from '../shared/change.js';
import type { DomainEventType } from '../shared/domain-events.js';
import { DomainError } from '../shared/domain-error.js';
import { databaseSql, runSqlOrFail, servedDatabase } from './database-commands.js';
import { databasePrefix, requireDatabaseName } from './database-name.rules.js';
import type { InstanceDatabase, InstanceDatabaseList } from './instance-databases.schema.js';

/** The instance's container and its role, for the database pages: the permission, then featureDatabases. */
export async function accessDatabases(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
  permission: Permission,
): Promise<InstanceAccess & { role: string }> {
  const access = await accessInstance(deps, actor, id, permission, 'featureDatabases');
  return { ...access, role: access.names.database };
}

/** The database the instance's odoo.conf serves. */
export async function readServed(access: InstanceAccess): Promise<string | null> {
  const conf = await access.execOdoo({ command: ['cat', '/etc/odoo/odoo.conf'] });
  return conf.exitCode === 0 ? servedDatabase(conf.stdout) : null;
}

/** The databases the instance's role owns on the shared PostgreSQL, with their sizes. */
export async function ownedDatabases(access: InstanceAccess & { role: string }): Promise<InstanceDatabase[]> {
  const [stdout, served] = await Promise.all([
    runSqlOrFail(access.runtime, databaseSql.list, { role: access.role }),
    readServed(access),
  ]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', size = '0'] = line.split('\t');
      return { name, sizeBytes: Number(size), served: name === served };
    });
}

/** Finds one of the instance's databases by name, or NOT_FOUND (another role's is not found either). */
export async function requireOwned(
  access: InstanceAccess & { role: string },
  name: string,
  field = 'name',
): Promise<InstanceDatabase> {
  requireDatabaseName(access.role, name, field);
  const found = (await ownedDatabases(access)).find((d) => d.name === name);
  if (!found) throw new DomainError('NOT_FOUND', `Database ${name} not found`);
  return found;
}

/** Refuses a change that would take the served database from under the running instance. */
export function requireNotServed(database: InstanceDatabase, what: string): void {
  if (database.served)
    throw new DomainError(
      'INVALID_INPUT',
      `name: ${database.name} is the database the instance serves; serve another one before you ${what} it`,
      { field: 'name' },
    );
}

/** Runs a command in the instance's container and fails with its last words. */
export async function runInInstance(access: InstanceAccess, command: string[], step: string): Promise<void> {
  const result = await access.execOdoo({ command });
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-2).join(' ') || `exit code ${result.exitCode}`;
    throw new DomainError('UNAVAILABLE', `${step} failed: ${tail}`);
  }
}

/** Records a database change in the audit log once it is made. */
export async function auditDatabase(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
  action: Extract<DomainEventType, `instance.database_${string}`>,
  diff: Record<string, unknown>,
): Promise<void> {
  await commitAndPublish(deps, async (_tx, record) => {
    await record(actor, { organizationId: actor.organizationId, action, targetType: 'instance', targetId: id, diff });
  });
}

/** The instance's databases with their sizes and which one it serves (view:instances, featureDatabases). */
export async function listInstanceDatabases(
  deps: InstanceDeps,
  actor: Actor,
  id: string,
): Promise<InstanceDatabaseList> {
  const access = await accessDatabases(deps, actor, id, 'view:instances');
  const items = await ownedDatabases(access);
  const served = items.find((d) => d.served)?.name ?? null;
  return { items, total: items.length, prefix: databasePrefix(access.role), served };
}
