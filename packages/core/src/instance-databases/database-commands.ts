import type { ContainerRuntime, ExecResult } from '../runtime/container-runtime.ports.js';
import { sharedPostgres } from '../instances/instance.rules.js';
import { onRuntime } from '../instances/instance-runtime.access.js';
import { DomainError } from '../shared/domain-error.js';

/**
 * Runs SQL on the shared PostgreSQL as its superuser. The SQL comes from stdin and every
 * name travels as a psql variable (`-v name=…`), placed with `:"name"` (an identifier) or
 * `:'name'` (a literal): psql quotes them, so no name is ever spliced into the SQL text.
 */
export async function runSql(
  runtime: ContainerRuntime,
  sql: string,
  variables: Record<string, string>,
): Promise<ExecResult> {
  const vars = Object.entries(variables).flatMap(([k, v]) => ['-v', `${k}=${v}`]);
  return onRuntime(() =>
    runtime.exec(sharedPostgres.container, {
      command: [
        'psql',
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        ...vars,
        '-h',
        '127.0.0.1',
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-tA',
        '-F',
        '\t',
      ],
      stdin: sql,
    }),
  );
}

/** Runs SQL and fails with PostgreSQL's own words when it refuses. */
export async function runSqlOrFail(
  runtime: ContainerRuntime,
  sql: string,
  variables: Record<string, string>,
  field = 'name',
): Promise<string> {
  const result = await runSql(runtime, sql, variables);
  if (result.exitCode !== 0) {
    const message =
      result.stderr
        .trim()
        .split('\n')
        .find((l) => l.includes('ERROR')) ?? result.stderr.trim();
    throw new DomainError('INVALID_INPUT', `${field}: ${message.replace(/^.*ERROR:\s*/, '')}`, { field });
  }
  return result.stdout;
}

export const databaseSql = {
  list: `SELECT d.datname, pg_database_size(d.oid) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
WHERE r.rolname = :'role' AND NOT d.datistemplate ORDER BY d.datname;\n`,
  create: `CREATE DATABASE :"name" OWNER :"role" ENCODING 'unicode' LC_COLLATE 'C' TEMPLATE template0;\n`,
  /** No new connections, the open ones closed, then the copy: PostgreSQL copies only an idle database. */
  duplicate: `ALTER DATABASE :"name" ALLOW_CONNECTIONS false;
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'name' AND pid <> pg_backend_pid();
CREATE DATABASE :"newName" WITH TEMPLATE :"name" OWNER :"role";\n`,
  allowConnections: `ALTER DATABASE :"name" ALLOW_CONNECTIONS true;\n`,
  rename: `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :'name' AND pid <> pg_backend_pid();
ALTER DATABASE :"name" RENAME TO :"newName";\n`,
  drop: `DROP DATABASE :"name" WITH (FORCE);\n`,
};

const sh = (script: string, ...args: string[]) => ['/bin/sh', '-c', script, 'sh', ...args];

/** Filestore commands in the instance's container (`<data_dir>/filestore/<db>`), names as arguments. */
export const filestoreCommands = {
  copy: (from: string, to: string) =>
    sh('cd /var/lib/odoo/filestore 2>/dev/null || exit 0; [ -d "$1" ] || exit 0; cp -a -- "$1" "$2"', from, to),
  move: (from: string, to: string) =>
    sh('cd /var/lib/odoo/filestore 2>/dev/null || exit 0; [ -d "$1" ] || exit 0; mv -- "$1" "$2"', from, to),
  remove: (name: string) => sh('cd /var/lib/odoo/filestore 2>/dev/null || exit 0; rm -rf -- "$1"', name),
};

const odooConf = ['-c', '/etc/odoo/odoo.conf'];
export const odooCommands = {
  /** Initializes a new database: Odoo's base module, then stops. */
  initialize: (name: string) => [
    '/usr/bin/odoo',
    ...odooConf,
    '-d',
    name,
    '-i',
    'base',
    '--stop-after-init',
    '--no-http',
  ],
  neutralize: (name: string) => ['/usr/bin/odoo', 'neutralize', ...odooConf, '-d', name],
};

/** The database odoo.conf serves (`db_name`), if it names one. */
export function servedDatabase(conf: string): string | null {
  const match = /^\s*db_name\s*=\s*(.*?)\s*$/m.exec(conf);
  const value = match?.[1] ?? '';
  return value && value !== 'False' ? value : null;
}

/** odoo.conf serving `name` only: db_name and dbfilter set (added under [options] when missing). */
export function serveDatabase(conf: string, name: string): string {
  const set = (text: string, key: string, value: string) => {
    const line = new RegExp(`^\\s*${key}\\s*=.*$`, 'm');
    return line.test(text)
      ? text.replace(line, `${key} = ${value}`)
      : text.replace(/^\[options\]\s*$/m, `[options]\n${key} = ${value}`);
  };
  return set(set(conf, 'db_name', name), 'dbfilter', `^${name.replaceAll('.', '\\.')}$`);
}
