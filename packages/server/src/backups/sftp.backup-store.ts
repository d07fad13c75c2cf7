import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { BackupStore } from '@ocore/core';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { fingerprint } from '../topologies/deploy/ssh-node-executor.js';
import { digestOf, roundTrip } from './read-back.js';

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

/** Opens the SSH connection and its SFTP channel; a host key other than the pinned one is refused before authenticating. */
function connect(access: SftpAccess): Promise<{ client: Client; sftp: Sftp }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
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
      client.sftp((err, sftp) => (err ? reject(new Error(`SFTP: ${err.message}`)) : resolve({ client, sftp }))),
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
 * An SFTP directory (another host, or the server's own disk over its SSH access). A backup is
 * written as `<key>.partial` and renamed when complete: a half-written file never has its name.
 */
export function createSftpBackupStore(access: SftpAccess): BackupStore {
  let session: Promise<{ client: Client; sftp: Sftp }> | undefined;
  const open = async () => (await (session ??= connect(access))).sftp;
  const pathOf = (key: string) => posix.join(access.directory, key);
  const get = async (key: string, range?: { start: number; end: number }) => {
    const sftp = await open();
    if (range && range.end <= range.start) return Readable.from([]);
    const stream = sftp.createReadStream(pathOf(key), range ? { start: range.start, end: range.end - 1 } : {});
    // A reader that stopped early (a cancelled download) must not crash the process when the
    // connection closes under the stream; a reader still reading gets the error through its iterator.
    return stream.on('error', () => undefined);
  };
  const store: BackupStore = {
    async put(key, body) {
      const sftp = await open();
      const path = pathOf(key);
      await makeDirectories(sftp, posix.dirname(path));
      try {
        await pipeline(Readable.from(body), sftp.createWriteStream(`${path}.partial`));
        await call('rename', (cb) => sftp.rename(`${path}.partial`, path, cb));
      } catch (err) {
        await call('unlink', (cb) => sftp.unlink(`${path}.partial`, cb)).catch(() => undefined);
        throw err instanceof Error && err.message.startsWith('SFTP')
          ? err
          : new Error(`SFTP write: ${(err as Error).message}`);
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
