import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackupStore } from '@ocore/core';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer } from '../testing/fake-http-server.js';
import { startLoopbackSshd, type LoopbackSshd } from '../testing/sshd.js';
import { createS3BackupStore } from './s3.backup-store.js';
import { createSftpBackupStore } from './sftp.backup-store.js';
import { digestOf } from './read-back.js';
import { startDroppingProxy } from './testing/dropping-proxy.js';

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

/** 1 MiB chunks, then the source dies: a dump whose process was killed half way. */
async function* dyingAfter(chunks: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < chunks; i += 1) yield randomBytes(1024 * 1024);
  throw new Error('pg_dump: killed (signal 9)');
}

const s3Store = (over: { bucket?: string; secret?: string; endpoint?: string } = {}) =>
  createS3BackupStore(
    {
      endpoint: over.endpoint ?? s3Endpoint,
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

describe('S3-compatible destination, cut off or full', () => {
  it('fails with the source’s reason when it dies half way, and nothing is listed', async () => {
    const store = s3Store();
    await expect(store.put('half/killed.zip', dyingAfter(12))).rejects.toThrow(/^S3: pg_dump: killed/);
    expect((await store.list()).map((o) => o.key)).not.toContain('half/killed.zip');
    store.close();
  }, 60_000);

  it('fails with the reason when the connection drops half way, and nothing is listed', async () => {
    const proxy = await startDroppingProxy(Number(new URL(s3Endpoint).port), 10 * 1024 * 1024);
    const cut = s3Store({ endpoint: `http://127.0.0.1:${proxy.port}` });
    try {
      await expect(cut.put('half/dropped.zip', payload(randomBytes(1024)))).rejects.toThrow(/^S3: /);
      expect(proxy.dropped()).toBe(true);
    } finally {
      cut.close();
      await proxy.close();
    }
    const store = s3Store();
    expect((await store.list()).map((o) => o.key)).not.toContain('half/dropped.zip');
    store.close();
  }, 60_000);

  it('fails with the server’s reason when it is full, and aborts the multipart upload (no parts kept)', async () => {
    // A stand-in answering as MinIO does once its drives are full.
    const full = await startFakeHttpServer((req, res) => {
      if (req.method === 'POST' && req.url.includes('uploads')) {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        return res.end(
          '<InitiateMultipartUploadResult><Bucket>backups</Bucket><Key>ocore/full.zip</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>',
        );
      }
      if (req.method === 'GET' && req.url.includes('uploads')) {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        return res.end(
          '<ListMultipartUploadsResult><Bucket>backups</Bucket><Upload><Key>ocore/full.zip</Key><UploadId>u1</UploadId></Upload></ListMultipartUploadsResult>',
        );
      }
      if (req.method === 'DELETE') return res.writeHead(204).end();
      res.writeHead(507, { 'Content-Type': 'application/xml' });
      res.end(
        '<Error><Code>XMinioStorageFull</Code><Message>Storage backend has reached its minimum free drive threshold. Please delete a few objects to proceed.</Message></Error>',
      );
    });
    const store = s3Store({ endpoint: full.url });
    try {
      await expect(store.put('full.zip', payload(randomBytes(1024)))).rejects.toThrow(
        /^S3: Storage backend has reached its minimum free drive threshold.*\(HTTP 507\)/,
      );
      expect(full.requests.some((r) => r.method === 'DELETE' && r.url.includes('uploadId=u1'))).toBe(true);
    } finally {
      store.close();
      await full.close();
    }
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
      // Many requests in flight: 5 MiB and 77 bytes in chunks of odd sizes come back whole and in order.
      const big = randomBytes(5 * 1024 * 1024 + 77);
      async function* odd() {
        for (let at = 0, size = 1000; at < big.length; at += size, size = ((size * 7) % 300_000) + 1)
          yield big.subarray(at, at + size);
      }
      const stored = await store.put('org/inst/big.zip', odd());
      expect(stored).toEqual({ sizeBytes: big.length, sha256: createHash('sha256').update(big).digest('hex') });
      const read = async (range?: { start: number; end: number }) => {
        const parts: Uint8Array[] = [];
        for await (const part of await store.get('org/inst/big.zip', range)) parts.push(part);
        return Buffer.concat(parts);
      };
      expect((await read()).equals(big)).toBe(true);
      expect((await read({ start: 32_000, end: 1_000_001 })).equals(big.subarray(32_000, 1_000_001))).toBe(true);
      expect(await read({ start: 10, end: 10 })).toHaveLength(0);
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

describe('SFTP destination, cut off or full', () => {
  const sftpStore = (directory: string, port = sshd.port) =>
    createSftpBackupStore({
      host: sshd.host,
      port,
      username: sshd.user,
      privateKey: sshd.privateKey,
      hostKey: sshd.hostKeyFingerprint,
      directory,
    });
  const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String);

  it('removes the partial file when the source dies half way', async () => {
    const dir = temp();
    const store = sftpStore(dir);
    await expect(store.put('half/killed.zip', dyingAfter(3))).rejects.toThrow(/killed/);
    expect(files(dir).filter((f) => f.includes('.zip'))).toEqual([]);
    expect(await store.list()).toEqual([]);
    store.close();
  }, 60_000);

  it('fails with the reason when the connection drops half way, and lists nothing of it', async () => {
    const dir = temp();
    const proxy = await startDroppingProxy(sshd.port, 5 * 1024 * 1024);
    const cut = sftpStore(dir, proxy.port);
    try {
      await expect(cut.put('half/dropped.zip', payload(randomBytes(1024)))).rejects.toThrow(/^SFTP/);
      expect(proxy.dropped()).toBe(true);
    } finally {
      cut.close();
      await proxy.close();
    }
    // What reached the disk before the drop is only ever a .partial, which is no backup.
    expect(files(dir).filter((f) => f.endsWith('.zip'))).toEqual([]);
    const store = sftpStore(dir);
    expect(await store.list()).toEqual([]);
    store.close();
  }, 60_000);

  /** A 1 MiB tmpfs: a real full file system (needs the right to mount, as root here). */
  const tinyDisk = (): string | undefined => {
    const dir = temp();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
      return dir;
    } catch {
      return undefined;
    }
  };

  it('fails with the reason when the disk is full, and leaves nothing there', async (ctx) => {
    const dir = tinyDisk();
    if (!dir) return ctx.skip('mounting a tmpfs needs root');
    const store = sftpStore(dir);
    try {
      await expect(store.put('full.zip', payload(randomBytes(1024)))).rejects.toThrow(
        /^SFTP.*\(the destination is full: \d+ bytes free\)/,
      );
      expect(files(dir)).toEqual([]);
    } finally {
      store.close();
      execFileSync('umount', [dir]);
    }
  }, 60_000);
});
