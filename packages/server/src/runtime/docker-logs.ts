import type { ContainerStats, LogLine, LogOptions } from '@ocore/core';
import type Docker from 'dockerode';
import { attempt } from './docker-errors.js';

/** ISO time or unix seconds, as the engine takes it (unix seconds). */
const toUnix = (time: string) => (/^\d+(\.\d+)?$/.test(time) ? Number(time) : Date.parse(time) / 1000);

/**
 * The container's log lines. The engine frames each write (8-byte header: stream, length) unless
 * the container has a TTY; each line starts with the engine's timestamp.
 */
export async function* logs(docker: Docker, name: string, options: LogOptions): AsyncIterable<LogLine> {
  const step = `read the logs of container ${name}`;
  const container = docker.getContainer(name);
  const info = await attempt(step, () => container.inspect());
  const base = {
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(options.since ? { since: toUnix(options.since) } : {}),
    ...(options.until ? { until: toUnix(options.until) } : {}),
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
  const source: AsyncIterable<Buffer> | Buffer[] = options.follow
    ? ((await attempt(step, () =>
        container.logs({ ...base, follow: true, ...(options.signal ? { abortSignal: options.signal } : {}) }),
      )) as AsyncIterable<Buffer>)
    : [await attempt(step, () => container.logs({ ...base, follow: false }))];
  const lines = new LineSplitter(info.Config.Tty);
  try {
    for await (const chunk of source) {
      yield* lines.push(chunk);
      if (options.signal?.aborted) return;
    }
    yield* lines.flush();
  } catch (err) {
    // Aborting ends the stream with an AbortError: that is the caller's way of saying "enough".
    if (options.signal?.aborted) return;
    throw err;
  } finally {
    (source as { destroy?: () => void }).destroy?.();
  }
}

class LineSplitter {
  private buffer = Buffer.alloc(0);
  private partial = { stdout: '', stderr: '' };

  constructor(private readonly tty: boolean) {}

  *push(chunk: Buffer): Iterable<LogLine> {
    if (this.tty) {
      yield* this.text('stdout', chunk.toString('utf8'));
      return;
    }
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 8) {
      const size = this.buffer.readUInt32BE(4);
      if (this.buffer.length < 8 + size) break;
      const stream = this.buffer[0] === 2 ? 'stderr' : 'stdout';
      const payload = this.buffer.subarray(8, 8 + size).toString('utf8');
      this.buffer = this.buffer.subarray(8 + size);
      yield* this.text(stream, payload);
    }
  }

  *flush(): Iterable<LogLine> {
    for (const stream of ['stdout', 'stderr'] as const) if (this.partial[stream]) yield* this.text(stream, '\n');
  }

  private *text(stream: 'stdout' | 'stderr', text: string): Iterable<LogLine> {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) {
      const space = line.indexOf(' ');
      yield { stream, time: line.slice(0, space), text: line.slice(space + 1).replace(/\r$/, '') };
    }
  }
}

interface BlkioEntry {
  op: string;
  value: number;
}

interface EngineCpu {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** A stats answer as the engine sends it. */
interface EngineStats {
  read: string;
  cpu_stats: EngineCpu;
  precpu_stats: EngineCpu;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }> | null;
  blkio_stats?: { io_service_bytes_recursive?: BlkioEntry[] | null };
}

/** One sample; the engine takes two readings a second apart to give the CPU share. */
export async function stats(docker: Docker, name: string): Promise<ContainerStats> {
  // The engine leaves out (or nulls) what a stopped container or cgroup v2 does not have, where
  // dockerode's types say it is always there: read it as the engine sends it.
  const s = (await attempt(`read the stats of container ${name}`, () =>
    docker.getContainer(name).stats({ stream: false }),
  )) as unknown as EngineStats;
  const cpuDelta = (s.cpu_stats.cpu_usage?.total_usage ?? 0) - (s.precpu_stats.cpu_usage?.total_usage ?? 0);
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cores = s.cpu_stats.online_cpus || s.cpu_stats.cpu_usage?.percpu_usage?.length || 1;
  const memory = s.memory_stats ?? {};
  // Page cache is not the container's own memory (cgroup v1 "cache", v2 "inactive_file").
  const cache = memory.stats?.['total_inactive_file'] ?? memory.stats?.['inactive_file'] ?? 0;
  const networks = Object.values(s.networks ?? {});
  const blkio = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const block = (op: string) => blkio.filter((e) => e.op.toLowerCase() === op).reduce((sum, e) => sum + e.value, 0);
  return {
    at: s.read,
    cpuPercent: systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cores * 100 : 0,
    memoryBytes: Math.max(0, (memory.usage ?? 0) - cache),
    memoryLimitBytes: memory.limit ?? 0,
    networkRxBytes: networks.reduce((sum, n) => sum + n.rx_bytes, 0),
    networkTxBytes: networks.reduce((sum, n) => sum + n.tx_bytes, 0),
    blockReadBytes: block('read'),
    blockWriteBytes: block('write'),
  };
}
