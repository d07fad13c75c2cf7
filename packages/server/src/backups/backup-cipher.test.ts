import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { BackupSource } from '@ocore/core';
import { ZipFile } from 'yazl';
import { describe, expect, it } from 'vitest';
import {
  chunkBytes,
  decryptingSource,
  decryptStream,
  encryptStream,
  headerBytes,
  newBackupKey,
  plainSizeOf,
} from './backup-cipher.js';
import { inspectOdooZip } from './odoo-zip.inspector.js';

/** The bytes in pieces of random sizes, as a network or a pipe hands them over. */
async function* ragged(bytes: Buffer): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length;) {
    const next = Math.min(bytes.length, at + randomInt(1, 100_000));
    yield bytes.subarray(at, next);
    at = next;
  }
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/** Random access to bytes held here, as a destination's ranged reads give it. */
const sourceOf = (bytes: Buffer): BackupSource => ({
  sizeBytes: bytes.length,
  read: async (start, end) => ragged(bytes.subarray(start, end)),
});

const sizes = [0, 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3 * chunkBytes, 5_000_017];

describe('backups encrypted at rest', () => {
  it.each(sizes)('round-trips %i bytes through streamed encryption', async (size) => {
    const key = newBackupKey();
    const plain = randomBytes(size);
    const sealed = await collect(encryptStream(ragged(plain), key));
    expect(sealed.subarray(0, 8).toString()).toBe('OCBKENC1');
    expect(sealed.includes(plain.subarray(0, Math.min(size, 64)))).toBe(size === 0);
    expect(plainSizeOf(sealed.length)).toBe(size);
    expect((await collect(decryptStream(ragged(sealed), key))).equals(plain)).toBe(true);
  });

  it('reads any range of the plaintext by decrypting only its chunks', async () => {
    const key = newBackupKey();
    const plain = randomBytes(3 * chunkBytes + 1234);
    const source = await decryptingSource(sourceOf(await collect(encryptStream(ragged(plain), key))), key);
    expect(source.sizeBytes).toBe(plain.length);
    for (const [start, end] of [
      [0, 10],
      [chunkBytes - 5, chunkBytes + 5],
      [100, 3 * chunkBytes + 1234],
      [3 * chunkBytes, 3 * chunkBytes + 1234],
      [7, 7],
    ] as const) {
      expect((await collect(await source.read(start, end))).equals(plain.subarray(start, end))).toBe(true);
    }
  });

  it('refuses another key, an altered byte, and a backup cut at a chunk boundary', async () => {
    const key = newBackupKey();
    const plain = randomBytes(2 * chunkBytes + 10);
    const sealed = await collect(encryptStream(ragged(plain), key));
    await expect(collect(decryptStream(ragged(sealed), newBackupKey()))).rejects.toThrow(/does not decrypt/);
    const altered = Buffer.from(sealed);
    altered[headerBytes + chunkBytes + 100]! ^= 1;
    await expect(collect(decryptStream(ragged(altered), key))).rejects.toThrow(/does not decrypt/);
    // Dropping the last chunk leaves whole chunks, but none was sealed as the last.
    const cut = sealed.subarray(0, headerBytes + 2 * (chunkBytes + 16));
    await expect(collect(decryptStream(ragged(cut), key))).rejects.toThrow(/does not decrypt/);
    await expect(collect(decryptStream(ragged(Buffer.from('not encrypted at all')), key))).rejects.toThrow(
      /not an encrypted oCore backup/,
    );
  });

  it('lets an Odoo zip be inspected through its encrypted bytes, and hashes what is stored', async () => {
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify({ version: '18.0', version_info: [18, 0] })), 'manifest.json');
    zip.addBuffer(Buffer.from('CREATE TABLE probe (id int);\n'.repeat(20_000)), 'dump.sql');
    zip.addBuffer(randomBytes(300_000), 'filestore/ab/abcdef');
    zip.end();
    const key = newBackupKey();
    const sealed = await collect(encryptStream(zip.outputStream as AsyncIterable<Uint8Array>, key));
    const contents = await inspectOdooZip(await decryptingSource(sourceOf(sealed), key));
    expect(contents.manifest).toMatchObject({ version: '18.0' });
    expect(contents.files).toEqual([{ path: 'ab/abcdef', sizeBytes: 300_000 }]);
    // Two encryptions of the same bytes differ (a fresh nonce prefix each time).
    const again = await collect(encryptStream(ragged(sealed.subarray(0, 10)), key));
    expect(createHash('sha256').update(again).digest('hex')).not.toBe(
      createHash('sha256')
        .update(await collect(encryptStream(ragged(sealed.subarray(0, 10)), key)))
        .digest('hex'),
    );
  });
});
