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

/** The last lines of a command's stderr, or what to say without them. */
const tail = (stderr: string, otherwise: string) => stderr.trim().split('\n').slice(-3).join(' ') || otherwise;

/**
 * Copies the source's database from another server: `pg_dump` (custom format, no owner) in
 * the source server's shared PostgreSQL, streamed through the control plane (nothing on its
 * disk) into `pg_restore` in the clone's, as the clone's role. pg_dump reads a snapshot, so
 * the source stays open to its users meanwhile.
 */
export async function streamDatabase(
  sourceRuntime: ContainerRuntime,
  runtime: ContainerRuntime,
  source: Names,
  clone: Names,
): Promise<void> {
  const dump = await sourceRuntime.execStream(sharedPostgres.container, {
    command: ['pg_dump', '--format=custom', '--no-owner', '-h', '127.0.0.1', '-U', 'postgres', source.database],
  });
  const restored = await runtime.exec(sharedPostgres.container, {
    command: [
      'pg_restore',
      '--no-owner',
      '--no-privileges',
      `--role=${clone.database}`,
      '--exit-on-error',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      clone.database,
    ],
    stdin: dump.stdout,
  });
  // pg_restore may stop before the end: what pg_dump still writes is read and dropped so it ends.
  for await (const _rest of dump.stdout);
  const dumped = await dump.done;
  if (dumped.exitCode !== 0)
    throw new RuntimeError('pg_dump on the source’s server', tail(dumped.stderr, `exit code ${dumped.exitCode}`));
  if (restored.exitCode !== 0)
    throw new RuntimeError('pg_restore on the clone’s server', tail(restored.stderr, `exit code ${restored.exitCode}`));
}

/** Where Odoo keeps the filestores, in every instance container (its data_dir volume). */
const filestoreRoot = '/var/lib/odoo/filestore';

/**
 * Copies the source's filestore from another server: the engine's archive of the source
 * container's filestore directory (a stopped container's too) streamed into the clone's
 * container, then renamed to the clone's database. A source that never stored a file has none.
 */
export async function streamFilestore(
  sourceRuntime: ContainerRuntime,
  runtime: ContainerRuntime,
  source: Names,
  clone: Names,
): Promise<void> {
  const files = sourceRuntime.getArchive(source.container, `${filestoreRoot}/${source.database}`);
  const archive = files[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await archive.next();
  } catch (err) {
    if (err instanceof RuntimeError && err.kind === 'not_found') return;
    throw err;
  }
  async function* whole(): AsyncIterable<Uint8Array> {
    if (first.done) return;
    yield first.value;
    for (let next = await archive.next(); !next.done; next = await archive.next()) yield next.value;
  }
  const prepare = await runtime.exec(clone.container, {
    user: 'odoo',
    command: [
      '/bin/sh',
      '-c',
      `mkdir -p ${filestoreRoot} && rm -rf "${filestoreRoot}/$1" "${filestoreRoot}/$2"`,
      'sh',
      source.database,
      clone.database,
    ],
  });
  if (prepare.exitCode !== 0) throw new RuntimeError('copy the filestore', tail(prepare.stderr, 'mkdir failed'));
  await runtime.putArchive(clone.container, filestoreRoot, whole());
  const renamed = await runtime.exec(clone.container, {
    user: 'odoo',
    command: [
      '/bin/sh',
      '-c',
      `mv -- "${filestoreRoot}/$1" "${filestoreRoot}/$2"`,
      'sh',
      source.database,
      clone.database,
    ],
  });
  if (renamed.exitCode !== 0) throw new RuntimeError('copy the filestore', tail(renamed.stderr, 'mv failed'));
}
