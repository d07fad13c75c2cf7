import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pickFreePorts, spawnManaged, waitUntilReady, type ManagedProcess } from './acme/managed-process.js';

/** A PostgreSQL server of the test's own, in a temporary folder, that the test may stop and start. */
export interface OwnPostgres {
  url: string;
  start(): Promise<void>;
  /** Fast shutdown: open connections are cut, as in a restart or a failover. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

/** Debian's PostgreSQL binaries, newest version first; undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .find((v) => existsSync(join(root, v, 'bin', 'initdb')));
  return version ? join(root, version, 'bin') : undefined;
}

/**
 * initdb and postgres refuse to run as root; as root the cluster runs as Debian's
 * `postgres` user instead.
 */
export async function createOwnPostgres(): Promise<OwnPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const asRoot = userInfo().uid === 0;
  const run = (command: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];
  const dir = mkdtempSync(join(tmpdir(), 'ocore-pg-'));
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  const data = join(dir, 'data');
  execFileSync(...run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']), {
    stdio: 'ignore',
  });
  const [port] = await pickFreePorts(1);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let proc: ManagedProcess | undefined;
  const ready = async () => {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const own: OwnPostgres = {
    url,
    async start() {
      proc = spawnManaged(
        ...run(join(bin, 'postgres'), [
          '-D',
          data,
          '-p',
          String(port),
          '-k',
          dir,
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'fsync=off',
        ]),
      );
      await waitUntilReady('postgres', proc, ready, { timeoutMs: 30_000 });
    },
    async stop() {
      if (!proc || proc.hasExited()) return;
      execFileSync(...run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']), { stdio: 'ignore' });
      await proc.stop();
    },
    async remove() {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
