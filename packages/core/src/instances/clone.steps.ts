import { databaseSql, odooCommands, runSql, runSqlOrFail } from '../instance-databases/database-commands.js';
import { RuntimeError, type ContainerRuntime } from '../runtime/container-runtime.ports.js';
import { sharedPostgres, type runtimeNames } from './instance.rules.js';

type Names = ReturnType<typeof runtimeNames>;

/** Where the clone's shell container sees the source's filestore volume (read only). */
export const sourceMount = '/mnt/ocore-source';

/**
 * Copies the source's database with `CREATE DATABASE … TEMPLATE` on the server's shared
 * PostgreSQL. PostgreSQL copies only a database nobody is connected to, so the source is
 * closed to new connections and its open ones are terminated (Odoo reconnects; a request in
 * flight at that instant fails) for the copy's duration, then opened again whatever happened.
 */
export async function copyDatabase(runtime: ContainerRuntime, source: Names, clone: Names): Promise<void> {
  await runSqlOrFail(runtime, 'DROP DATABASE IF EXISTS :"name" WITH (FORCE);\n', { name: clone.database });
  try {
    await runSqlOrFail(runtime, databaseSql.duplicate, {
      name: source.database,
      newName: clone.database,
      role: clone.database,
    });
  } finally {
    await runSql(runtime, databaseSql.allowConnections, { name: source.database });
  }
}

/**
 * The copy's objects still belong to the source's role: they are given to the clone's.
 * REASSIGN OWNED also hands over the databases the source's role owns (shared objects), so
 * those are given back in the same transaction: nothing outside the copy changes owner.
 */
export async function reassignOwnership(runtime: ContainerRuntime, source: Names, clone: Names): Promise<void> {
  // Both names are `odoo_` and hex digits (runtimeNames): safe in the SQL text.
  const sql = `DO $$
DECLARE d text; owned text[];
BEGIN
  SELECT coalesce(array_agg(datname), '{}') INTO owned FROM pg_database WHERE datdba = '${source.database}'::regrole;
  REASSIGN OWNED BY ${source.database} TO ${clone.database};
  FOREACH d IN ARRAY owned LOOP
    EXECUTE format('ALTER DATABASE %I OWNER TO %I', d, '${source.database}');
  END LOOP;
END $$;
`;
  const result = await runtime.exec(sharedPostgres.container, {
    command: ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', clone.database],
    stdin: sql,
  });
  if (result.exitCode !== 0)
    throw new RuntimeError('give the copy to the clone’s role', result.stderr.trim() || 'psql failed');
}

/**
 * Copies the filestore from the source's volume (mounted read only in the clone's shell)
 * with `cp --reflink=auto`: copy-on-write where the file system allows it (Btrfs, XFS), a
 * plain copy elsewhere.
 */
export async function copyFilestore(runtime: ContainerRuntime, source: Names, clone: Names): Promise<void> {
  const script = `set -e
mkdir -p /var/lib/odoo/filestore
rm -rf "/var/lib/odoo/filestore/$2"
if [ -d "${sourceMount}/filestore/$1" ]; then cp -R --preserve=mode,timestamps --reflink=auto -- "${sourceMount}/filestore/$1" "/var/lib/odoo/filestore/$2"; fi`;
  const result = await runtime.exec(clone.container, {
    user: 'odoo',
    command: ['/bin/sh', '-c', script, 'sh', source.database, clone.database],
  });
  if (result.exitCode !== 0) throw new RuntimeError('copy the filestore', result.stderr.trim() || 'cp failed');
}

/** Odoo's `neutralize` on the clone's database, before its Odoo ever starts. */
export async function neutralizeClone(runtime: ContainerRuntime, clone: Names): Promise<string> {
  const result = await runtime.exec(clone.container, {
    user: 'odoo',
    command: odooCommands.neutralize(clone.database),
  });
  if (result.exitCode !== 0)
    throw new RuntimeError(
      'neutralize',
      result.stderr.trim().split('\n').slice(-2).join(' ') || 'odoo neutralize failed',
    );
  return result.stderr.trim().split('\n').slice(-1)[0] ?? '';
}
