import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { BackupCipher, BackupSource, StoredObject } from '@ocore/core';

/**
 * Backups encrypted at rest with a key of the organization's: AES-256-GCM in chunks, so a
 * backup is encrypted and decrypted as it streams (never whole in memory) and any range of it
 * can be read (a zip's directory is at its end).
 *
 * Layout: a 16-byte header (`OCBKENC1` then an 8-byte random nonce prefix), then chunks of
 * 64 KiB of plaintext (the last one shorter, or empty for an empty backup), each followed by its
 * 16-byte tag. Chunk i's IV is the prefix and i (32-bit big-endian); its additional data is the
 * header and whether it is the last: reordered, dropped or truncated chunks fail to decrypt.
 */
export const chunkBytes = 64 * 1024;
const tagBytes = 16;
const magic = Buffer.from('OCBKENC1');
export const headerBytes = magic.length + 8;
const sealedChunk = chunkBytes + tagBytes;

/** A new key for an organization: 32 random bytes, base64 (sealed before it is stored). */
export const newBackupKey = (): string => randomBytes(32).toString('base64');

function keyOf(key: string): Buffer {
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 32) throw new Error('the backup key is not a 256-bit key');
  return bytes;
}

const ivOf = (header: Buffer, index: number) => {
  const iv = Buffer.alloc(12);
  header.copy(iv, 0, magic.length, headerBytes);
  iv.writeUInt32BE(index, 8);
  return iv;
};
const aadOf = (header: Buffer, last: boolean) => Buffer.concat([header, Buffer.from([last ? 1 : 0])]);

function seal(key: Buffer, header: Buffer, index: number, last: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, ivOf(header, index));
  cipher.setAAD(aadOf(header, last));
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Buffer, header: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  if (sealed.length < tagBytes) throw new Error('the encrypted backup is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, ivOf(header, index));
  decipher.setAAD(aadOf(header, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]);
  } catch {
    throw new Error('the backup does not decrypt with the organization’s key (another key, or altered bytes)');
  }
}

/**
 * Cuts a stream into pieces of `size` bytes, the last one shorter (or empty), telling which is
 * the last: a piece goes out only once a byte after it was seen.
 */
async function* pieces(stream: AsyncIterable<Uint8Array>, size: number): AsyncIterable<[Buffer, boolean]> {
  let pending = Buffer.alloc(0);
  for await (const chunk of stream) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
    while (pending.length > size) {
      yield [pending.subarray(0, size), false];
      pending = pending.subarray(size);
    }
  }
  yield [pending, true];
}

/** The backup's bytes, encrypted as they stream by. */
export async function* encryptStream(stream: AsyncIterable<Uint8Array>, key: string): AsyncIterable<Uint8Array> {
  const k = keyOf(key);
  const header = Buffer.concat([magic, randomBytes(8)]);
  yield header;
  let index = 0;
  for await (const [plain, last] of pieces(stream, chunkBytes)) yield seal(k, header, index++, last, plain);
}

/** Reads the header of an encrypted stream, then yields what follows it. */
async function* afterHeader(stream: AsyncIterable<Uint8Array>, found: (header: Buffer) => void) {
  let head = Buffer.alloc(0);
  for await (const chunk of stream) {
    if (head.length >= headerBytes) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < headerBytes) continue;
    found(checkHeader(head.subarray(0, headerBytes)));
    if (head.length > headerBytes) yield head.subarray(headerBytes);
  }
  if (head.length < headerBytes) throw new Error('the encrypted backup is truncated');
}

function checkHeader(header: Buffer): Buffer {
  if (!header.subarray(0, magic.length).equals(magic)) throw new Error('not an encrypted oCore backup');
  return Buffer.from(header);
}

/** The backup's plaintext, decrypted as the encrypted bytes stream by; altered bytes fail it. */
export async function* decryptStream(stream: AsyncIterable<Uint8Array>, key: string): AsyncIterable<Uint8Array> {
  const k = keyOf(key);
  let header: Buffer = Buffer.alloc(0);
  let index = 0;
  const body = afterHeader(stream, (h) => (header = h));
  for await (const [sealed, last] of pieces(body, sealedChunk)) {
    const plain = open(k, header, index++, last, sealed);
    if (plain.length) yield plain;
  }
}

/** The plaintext size of an encrypted backup of `sizeBytes` bytes. */
export function plainSizeOf(sizeBytes: number): number {
  const body = sizeBytes - headerBytes;
  const chunks = Math.max(1, Math.ceil(body / sealedChunk));
  const plain = body - chunks * tagBytes;
  if (plain < 0) throw new Error('the encrypted backup is truncated');
  return plain;
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * Random access to an encrypted backup's plaintext: a range is read by decrypting only the
 * chunks it falls in, one at a time.
 */
export async function decryptingSource(source: BackupSource, key: string): Promise<BackupSource> {
  const k = keyOf(key);
  const header = checkHeader(await readAll(await source.read(0, headerBytes)));
  const sizeBytes = plainSizeOf(source.sizeBytes);
  const lastIndex = Math.max(0, Math.ceil(sizeBytes / chunkBytes) - 1);
  async function* range(start: number, end: number): AsyncIterable<Uint8Array> {
    for (let index = Math.floor(start / chunkBytes); index * chunkBytes < end; index += 1) {
      const from = headerBytes + index * sealedChunk;
      const sealed = await readAll(await source.read(from, Math.min(from + sealedChunk, source.sizeBytes)));
      const plain = open(k, header, index, index === lastIndex, sealed);
      const offset = index * chunkBytes;
      yield plain.subarray(Math.max(0, start - offset), Math.min(plain.length, end - offset));
    }
  }
  return {
    sizeBytes,
    read: (start, end) => Promise.resolve(range(Math.max(0, start), Math.min(end, sizeBytes))),
  };
}

/** The stream as it goes by, and its size and SHA-256 once it was read to the end. */
function hashed(stream: AsyncIterable<Uint8Array>): { stream: AsyncIterable<Uint8Array>; done: Promise<StoredObject> } {
  let settle: { resolve(value: StoredObject): void; reject(err: Error): void } | undefined;
  const done = new Promise<StoredObject>((resolve, reject) => (settle = { resolve, reject }));
  async function* out(): AsyncIterable<Uint8Array> {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    try {
      for await (const chunk of stream) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        yield chunk;
      }
      settle?.resolve({ sizeBytes, sha256: hash.digest('hex') });
    } catch (err) {
      settle?.reject(err as Error);
      throw err;
    } finally {
      settle?.reject(new Error('the encrypted backup was not read to its end'));
    }
  }
  return { stream: out(), done };
}

/** The organization's key encrypts its backups as they stream to the destination, and decrypts them to read them. */
export function createBackupCipher(): BackupCipher {
  return {
    newKey: newBackupKey,
    encrypt: (stream, key) => hashed(encryptStream(stream, key)),
    decrypt: decryptStream,
    decryptingSource,
    plainSizeOf,
    isEncrypted: (head) => head.length >= magic.length && Buffer.from(head.subarray(0, magic.length)).equals(magic),
  };
}
