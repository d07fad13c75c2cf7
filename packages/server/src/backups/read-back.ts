import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BackupStore, StoredObject } from '@ocore/core';

/** Size and SHA-256 of a stream, as read. */
export async function digestOf(stream: AsyncIterable<Uint8Array>): Promise<StoredObject> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    sizeBytes += chunk.length;
  }
  return { sizeBytes, sha256: hash.digest('hex') };
}

/** The content as a stream of one chunk. */
function bytes(content: Uint8Array): AsyncIterable<Uint8Array> {
  return Readable.from([content]);
}

/** The destination test: writes a small object, reads it back, compares, removes it. */
export async function roundTrip(store: Pick<BackupStore, 'put' | 'delete'>, where: string): Promise<string> {
  const key = `ocore-test-${randomBytes(6).toString('hex')}.txt`;
  const content = Buffer.from(`oCore destination test ${new Date().toISOString()}\n`);
  const expected = await digestOf(bytes(content));
  try {
    const stored = await store.put(key, bytes(content));
    if (stored.sha256 !== expected.sha256) throw new Error('the bytes read back differ from those written');
  } finally {
    await store.delete(key).catch(() => undefined);
  }
  return `wrote, read back and removed a test object at ${where}`;
}
