import type { Readable, Writable } from 'node:stream';

/**
 * Splits the Engine's multiplexed exec stream (frames of an 8-byte header, whose first byte
 * says stdout or stderr and last four the payload's length, then the payload) into `stdout`
 * and `stderr`, with backpressure: while a destination is full the engine's stream is paused,
 * so a command's output waits in the engine and the pipe instead of in the control plane's
 * memory. docker-modem's `demuxStream` writes regardless, which held a whole `pg_dump` in memory
 * when the backup's destination was slower than PostgreSQL.
 */
export function demux(source: Readable, stdout: Writable, stderr: Writable): void {
  let header = Buffer.alloc(0);
  let target: Writable = stdout;
  let remaining = 0;
  const write = (to: Writable, bytes: Buffer) => {
    if (to.write(bytes) || source.isPaused()) return;
    source.pause();
    to.once('drain', () => source.resume());
  };
  source.on('data', (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      if (remaining === 0) {
        const taken = chunk.subarray(at, at + 8 - header.length);
        header = Buffer.concat([header, taken]);
        at += taken.length;
        if (header.length < 8) return;
        target = header[0] === 2 ? stderr : stdout;
        remaining = header.readUInt32BE(4);
        header = Buffer.alloc(0);
        continue;
      }
      const payload = chunk.subarray(at, at + remaining);
      at += payload.length;
      remaining -= payload.length;
      write(target, payload);
    }
  });
}
