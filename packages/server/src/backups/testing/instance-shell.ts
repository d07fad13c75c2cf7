import { execFileSync } from 'node:child_process';
import { runtimeNames, sharedPostgres, type ContainerRuntime } from '@ocore/core';

/** What the backup Docker tests ask of an instance's database and container, on a real engine. */
export type Names = ReturnType<typeof runtimeNames>;
export const namesOf = (id: string): Names => runtimeNames({ id, organizationId: '' });

/** The docker CLI, its failures ignored (cleanup). */
export const dockerQuiet = (...args: string[]): string => {
  try {
    return execFileSync('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  } catch {
    return '';
  }
};

/** SQL in an instance's database, as its own role; answers the rows, tab-separated. */
export async function instanceSql(runtime: ContainerRuntime, names: Names, text: string): Promise<string> {
  const result = await runtime.exec(sharedPostgres.container, {
    command: [
      'psql',
      '-X',
      '-q',
      '-At',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      names.database,
    ],
    stdin: `SET ROLE ${names.database};\n${text}`,
  });
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

/** A shell command as odoo in an instance's container. */
export async function instanceSh(runtime: ContainerRuntime, names: Names, script: string): Promise<string> {
  const result = await runtime.exec(names.container, { user: 'odoo', command: ['/bin/sh', '-c', script] });
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}
