import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackupStore } from '@ocore/core';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackSshd, type LoopbackSshd } from '../testing/sshd.js';
import { createS3BackupStore } from './s3.backup-store.js';
import { createSftpBackupStore } from './sftp.backup-store.js';
import { digestOf } from './read-back.js';

/**
 * The destinations' adapters against real servers on loopback: an S3-compatible server
 * (s3rver, its files in a temporary folder) and Debian's sshd with its SFTP subsystem.
 */
let s3: S3rver;
let s3Endpoint: string;
let sshd: LoopbackSshd;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocore-backup-store-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: temp(),
    configureBuckets: [{ name: 'backups', configs: [] }],
  });
  const { port } = await s3.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  sshd = await startLoopbackSshd();
}, 60_000);

afterAll(async () => {
  await s3?.close();
  await sshd?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** 20 MiB in 1 MiB chunks, made as they are read: more than two multipart parts. */
async function* payload(seed: Buffer): AsyncIterable<Uint8Array> {
  for (let i = 0; i < 20; i += 1) yield Buffer.concat(Array.from({ length: 1024 }, () => seed));
}

async function behavesAsAStore(store: BackupStore): Promise<void> {
  const seed = randomBytes(1024);
  const expected = await digestOf(payload(seed));
  const stored = await store.put('org/inst/backup.zip', payload(seed));
  expect(stored).toEqual(expected);
  expect(await store.size('org/inst/backup.zip')).toBe(expected.sizeBytes);
  const parts: Uint8Array[] = [];
  for await (const part of await store.get('org/inst/backup.zip', { start: 1000, end: 3048 })) parts.push(part);
  const slice = Buffer.concat(parts);
  expect(slice).toEqual(Buffer.concat([seed, seed, seed]).subarray(1000, 3048));
  expect((await store.list()).map((o) => o.key)).toContain('org/inst/backup.zip');
  await store.delete('org/inst/backup.zip');
  await store.delete('org/inst/backup.zip');
  expect((await store.list()).map((o) => o.key)).not.toContain('org/inst/backup.zip');
  expect(await store.test()).toMatch(/wrote, read back and removed/);
}

const s3Store = (over: { bucket?: string; secret?: string } = {}) =>
  createS3BackupStore(
    {
      endpoint: s3Endpoint,
      bucket: over.bucket ?? 'backups',
      prefix: 'ocore',
      region: 'us-east-1',
      forcePathStyle: true,
    },
    { accessKeyId: 'S3RVER', secretAccessKey: over.secret ?? 'S3RVER' },
  );

describe('S3-compatible destination', () => {
  it('streams a multipart upload, reads it back for the checksum, serves ranges, lists and deletes', async () => {
    const store = s3Store();
    try {
      await behavesAsAStore(store);
    } finally {
      store.close();
    }
  }, 60_000);

  it('fails with the server’s reason when it refuses, and leaves nothing behind', async () => {
    const missing = s3Store({ bucket: 'no-such-bucket' });
    await expect(missing.put('x.zip', payload(randomBytes(1024)))).rejects.toThrow(/^S3: .*bucket/i);
    await expect(missing.test()).rejects.toThrow(/bucket/i);
    missing.close();
    const store = s3Store();
    expect(await store.list()).toEqual([]);
    store.close();
  }, 60_000);
});

describe('SFTP destination', () => {
  it('writes through a .partial name, reads it back for the checksum, serves ranges, lists and deletes', async () => {
    const store = createSftpBackupStore({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: sshd.privateKey,
      hostKey: sshd.hostKeyFingerprint,
      directory: temp(),
    });
    try {
      await behavesAsAStore(store);
    } finally {
      store.close();
    }
  }, 60_000);

  it('refuses a host showing another key than the pinned one, before authenticating', async () => {
    const store = createSftpBackupStore({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: sshd.privateKey,
      hostKey: 'SHA256:' + createHash('sha256').update('another').digest('base64').replace(/=+$/, ''),
      directory: temp(),
    });
    await expect(store.test()).rejects.toThrow(/host key .* does not match/);
    store.close();
  });

  it('fails with the reason when the directory cannot be written', async () => {
    const store = createSftpBackupStore({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: sshd.privateKey,
      hostKey: sshd.hostKeyFingerprint,
      directory: '/proc/ocore-backups',
    });
    await expect(store.put('a.zip', payload(randomBytes(16)))).rejects.toThrow(/^SFTP/);
    store.close();
  });
});
