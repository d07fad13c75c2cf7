import { randomBytes } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demux } from './docker-demux.js';

/** One frame of the Engine's multiplexed stream: 1 stdout, 2 stderr. */
function frame(kind: 1 | 2, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** A sink that keeps what it is given, answering full after `capacity` bytes until `drain()`. */
function sink(capacity = Infinity) {
  const parts: Buffer[] = [];
  let held = 0;
  const stream = new Writable({
    highWaterMark: capacity === Infinity ? 16 * 1024 : capacity,
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      held += chunk.length;
      if (held < capacity) done();
      else release = () => ((held = 0), done());
    },
  });
  let release: (() => void) | undefined;
  return { stream, bytes: () => Buffer.concat(parts), drain: () => release?.() };
}

describe('the exec stream demultiplexer', () => {
  it('splits stdout and stderr whatever the chunks cut through headers and payloads', async () => {
    const out = randomBytes(100_000);
    const err = randomBytes(3_000);
    const wire = Buffer.concat([
      frame(1, out.subarray(0, 60_000)),
      frame(2, err),
      frame(1, Buffer.alloc(0)),
      frame(1, out.subarray(60_000)),
    ]);
    const source = new PassThrough();
    const stdout = sink();
    const stderr = sink();
    demux(source, stdout.stream, stderr.stream);
    for (let at = 0, size = 1; at < wire.length; at += size, size = ((size * 5) % 9_973) + 1)
      source.write(wire.subarray(at, at + size));
    source.end();
    await new Promise((resolve) => source.on('end', resolve));
    expect(stdout.bytes().equals(out)).toBe(true);
    expect(stderr.bytes().equals(err)).toBe(true);
  });

  it('pauses the engine’s stream while stdout is full, and goes on once it drained', async () => {
    const source = new PassThrough();
    const stdout = sink(64 * 1024);
    demux(source, stdout.stream, sink().stream);
    for (let i = 0; i < 10; i += 1) source.write(frame(1, randomBytes(32 * 1024)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.isPaused()).toBe(true);
    // What waits is in the source's buffer, bounded by its own backpressure, not pushed along.
    expect(stdout.bytes().length).toBeLessThanOrEqual(64 * 1024 + 32 * 1024 + 8);
    const before = stdout.bytes().length;
    stdout.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stdout.bytes().length).toBeGreaterThan(before);
  });
});
