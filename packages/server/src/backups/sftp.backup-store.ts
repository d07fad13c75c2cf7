import { posix } from 'node:path';
import type { BackupStore } from '@ocore/core';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { fingerprint } from '../topologies/deploy/ssh-node-executor.js';
import { digestOf, roundTrip } from './read-back.js';
import { readFile, writeFile } from './sftp-transfer.js';

export interface SftpAccess {
  host: string;
  port: number;
  username: string;
  password?: string | null;
  privateKey?: string | null;
  /** SHA256 fingerprint to pin; accepted as shown when null. */
  hostKey: string | null;
  /** Absolute directory the backups are kept under. */
  directory: string;
}

type Sftp = SFTPWrapper;
/** An open connection; `lost` aborts once it closed. */
interface Session {
  client: Client;
  sftp: Sftp;
  lost: AbortSignal;
}

/** Opens the SSH connection and its SFTP channel; a host key other than the pinned one is refused before authenticating. */
function connect(access: SftpAccess): Promise<Session> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const lost = new AbortController();
    // A connection that goes away mid-transfer does not fail the SFTP streams on its own: they
    // would wait forever. Whatever still runs over it is aborted with the reason instead.
    client.on('close', () => lost.abort(new Error('SFTP: the connection to the destination was lost')));
    let shown: string | undefined;
    const config: ConnectConfig = {
      host: access.host,
      port: access.port,
      username: access.username,
      readyTimeout: 15_000,
      hostVerifier: (key: Buffer) => {
        shown = fingerprint(key);
        return !access.hostKey || shown === access.hostKey;
      },
      ...(access.privateKey ? { privateKey: access.privateKey } : {}),
      ...(access.password ? { password: access.password } : {}),
    };
    client.on('error', (err) => {
      const pinned = access.hostKey && shown && shown !== access.hostKey;
      reject(
        new Error(
          pinned ? `SFTP: host key ${shown} does not match the pinned ${access.hostKey}` : `SFTP: ${err.message}`,
        ),
      );
    });
    client.on('ready', () =>
      client.sftp((err, sftp) =>
        err ? reject(new Error(`SFTP: ${err.message}`)) : resolve({ client, sftp, lost: lost.signal }),
      ),
    );
    client.connect(config);
  });
}

const call = <T>(what: string, run: (cb: (err: Error | null | undefined, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) =>
    run((err, value) => (err ? reject(new Error(`SFTP ${what}: ${err.message}`)) : resolve(value as T))),
  );

/** mkdir -p over SFTP. */
async function makeDirectories(sftp: Sftp, directory: string): Promise<void> {
  let path = '';
  for (const part of directory.split('/').filter(Boolean)) {
    path += `/${part}`;
    const exists = await call('stat', (cb) => sftp.stat(path, cb)).then(
      () => true,
      () => false,
    );
    if (!exists) await call('mkdir', (cb) => sftp.mkdir(path, cb)).catch(() => undefined);
  }
}

/**
 * Why a write failed, as far as the server tells: OpenSSH answers a full disk with a bare
 * "Failure", so the free space of the directory's file system is asked for (statvfs@openssh.com).
 */
async function writeFailure(sftp: Sftp, directory: string, err: unknown): Promise<Error> {
  const message = (err as Error).message;
  const free = await new Promise<number | undefined>((resolve) => {
    setTimeout(() => resolve(undefined), 5000).unref(); // a connection that went away answers nothing
    try {
      sftp.ext_openssh_statvfs(directory, (e, info: { f_bavail: number; f_frsize: number } | undefined) =>
        resolve(e || !info ? undefined : Number(info.f_bavail) * Number(info.f_frsize)),
      );
    } catch {
      resolve(undefined); // the server does not offer the extension
    }
  });
  const full = free !== undefined && free < 1024 * 1024 ? ` (the destination is full: ${free} bytes free)` : '';
  return new Error(`${message.startsWith('SFTP') ? message : `SFTP write: ${message}`}${full}`);
}

/**
 * An SFTP directory (another host, or the server's own disk over its SSH access). A backup is
 * written as `<key>.partial` and renamed when complete: a half-written file never has its name.
 */
export function createSftpBackupStore(access: SftpAccess): BackupStore {
  let session: Promise<Session> | undefined;
  const connection = () => (session ??= connect(access));
  const open = async () => (await connection()).sftp;
  const pathOf = (key: string) => posix.join(access.directory, key);
  const get = async (key: string, range?: { start: number; end: number }) => {
    const { sftp, lost } = await connection();
    return readFile(sftp, pathOf(key), lost, range);
  };
  const store: BackupStore = {
    async put(key, body) {
      const { sftp, lost } = await connection();
      const path = pathOf(key);
      await makeDirectories(sftp, posix.dirname(path));
      try {
        await writeFile(sftp, `${path}.partial`, body, lost);
        await call('rename', (cb) => sftp.rename(`${path}.partial`, path, cb));
      } catch (err) {
        // Over a lost connection nothing answers: the .partial stays, which is never listed.
        if (lost.aborted) throw lost.reason;
        const reason = await writeFailure(sftp, posix.dirname(path), err);
        await call('unlink', (cb) => sftp.unlink(`${path}.partial`, cb)).catch(() => undefined);
        throw reason;
      }
      return digestOf(await get(key));
    },
    get,
    async size(key) {
      const sftp = await open();
      const stats = await call<{ size: number }>('stat', (cb) => sftp.stat(pathOf(key), cb));
      return stats.size;
    },
    async delete(key) {
      const sftp = await open();
      await call('unlink', (cb) => sftp.unlink(pathOf(key), cb)).catch((err: Error) => {
        if (!/no such file/i.test(err.message)) throw err;
      });
    },
    async list() {
      const sftp = await open();
      const found: { key: string; sizeBytes: number }[] = [];
      const walk = async (dir: string): Promise<void> => {
        const items = await call<{ filename: string; attrs: { size: number; isDirectory(): boolean } }[]>(
          'readdir',
          (cb) => sftp.readdir(dir, cb),
        ).catch(() => []);
        for (const item of items) {
          const path = posix.join(dir, item.filename);
          if (item.attrs.isDirectory()) await walk(path);
          else if (!path.endsWith('.partial'))
            found.push({ key: posix.relative(access.directory, path), sizeBytes: item.attrs.size });
        }
      };
      await walk(access.directory);
      return found;
    },
    test: () => roundTrip(store, `sftp://${access.username}@${access.host}:${access.port}${access.directory}`),
    close() {
      void session?.then(({ client }) => client.end()).catch(() => undefined);
      session = undefined;
    },
  };
  return store;
}
