import type { LogLine } from '../runtime/container-runtime.ports.js';
import { toOdooLines } from './instance-log.rules.js';
import type { InstanceLogLine, OdooLogLevel } from './instance-log.schema.js';

/** One engine stream's two halves: the lines already written, and those written from then on. */
export interface LogSource {
  history: () => AsyncIterable<LogLine>;
  live: (signal: AbortSignal) => AsyncIterable<LogLine>;
}

export interface InstanceLogHubOptions {
  /** Recent lines kept for late joiners' replay. */
  keep?: number;
  /** Lines a follower may fall behind before it is dropped with an error. */
  maxBacklog?: number;
}

/**
 * The live logs of every followed instance: one engine stream per key, opened for its first
 * follower and closed when the last leaves, fanned out to every follower, with the last lines
 * kept for the replay (`tail`) of those who join later.
 */
export interface InstanceLogHub {
  follow(
    key: string,
    source: () => Promise<LogSource>,
    tail: number,
    signal: AbortSignal,
  ): AsyncIterable<InstanceLogLine>;
  /** Engine streams open now (one per followed instance). */
  openStreams(): number;
}

interface Follower {
  queue: InstanceLogLine[];
  wake: () => void;
  failure: Error | undefined;
  ended: boolean;
}

class Channel {
  readonly recent: InstanceLogLine[] = [];
  readonly followers = new Set<Follower>();
  members = 0;
  /** Set once the engine stream has ended (or failed): a follower joining then ends at once. */
  ended: { failure: Error | undefined } | null = null;
  readonly ready: Promise<void>;
  private readonly controller = new AbortController();
  private level: OdooLogLevel = 'INFO';

  constructor(
    source: () => Promise<LogSource>,
    private readonly options: Required<InstanceLogHubOptions>,
    private readonly done: () => void,
  ) {
    this.ready = this.start(source);
    this.ready.catch(() => this.finish(undefined));
  }

  close(): void {
    this.controller.abort();
  }

  private async start(open: () => Promise<LogSource>): Promise<void> {
    const source = await open();
    for await (const raw of source.history()) this.add(raw, false);
    void this.run(source.live(this.controller.signal));
  }

  private async run(live: AsyncIterable<LogLine>): Promise<void> {
    let failure: unknown;
    try {
      for await (const raw of live) this.add(raw, true);
    } catch (err) {
      failure = err;
    }
    this.finish(this.controller.signal.aborted ? undefined : failure);
  }

  private add(raw: LogLine, live: boolean): void {
    const converted = toOdooLines([raw], this.level);
    this.level = converted.last;
    for (const line of converted.lines) {
      this.recent.push(line);
      if (live) for (const f of this.followers) this.deliver(f, line);
    }
    if (this.recent.length > this.options.keep) this.recent.splice(0, this.recent.length - this.options.keep);
  }

  private deliver(f: Follower, line: InstanceLogLine): void {
    if (f.queue.length >= this.options.maxBacklog) {
      f.failure ??= new Error('read the live log: this follower fell too far behind');
      this.followers.delete(f);
    } else f.queue.push(line);
    f.wake();
  }

  private finish(cause: unknown): void {
    const failure =
      cause === undefined || cause instanceof Error ? cause : new Error('read the live log: the stream failed');
    this.ended ??= { failure };
    this.done();
    for (const f of this.followers) {
      f.failure ??= failure;
      f.ended = true;
      f.wake();
    }
    this.followers.clear();
  }
}

async function* drain(follower: Follower, signal: AbortSignal): AsyncGenerator<InstanceLogLine> {
  const onAbort = () => follower.wake();
  signal.addEventListener('abort', onAbort);
  try {
    while (!signal.aborted) {
      const line = follower.queue.shift();
      if (line) {
        yield line;
        continue;
      }
      if (follower.failure) throw follower.failure;
      if (follower.ended) return;
      await new Promise<void>((resolve) => (follower.wake = resolve));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export function createInstanceLogHub(options: InstanceLogHubOptions = {}): InstanceLogHub {
  const settings = { keep: options.keep ?? 1000, maxBacklog: options.maxBacklog ?? 10_000 };
  const channels = new Map<string, Channel>();

  const join = (key: string, source: () => Promise<LogSource>): Channel => {
    let channel = channels.get(key);
    if (!channel) {
      const created: Channel = new Channel(source, settings, () => {
        if (channels.get(key) === created) channels.delete(key);
      });
      channel = created;
      channels.set(key, channel);
    }
    channel.members += 1;
    return channel;
  };

  const leave = (key: string, channel: Channel, follower: Follower) => {
    channel.followers.delete(follower);
    channel.members -= 1;
    if (channel.members > 0) return;
    if (channels.get(key) === channel) channels.delete(key);
    channel.close();
  };

  return {
    async *follow(key, source, tail, signal) {
      const channel = join(key, source);
      const follower: Follower = { queue: [], wake: () => undefined, failure: undefined, ended: false };
      try {
        await channel.ready;
        if (tail > 0) follower.queue.push(...channel.recent.slice(-tail));
        if (channel.ended) Object.assign(follower, { ended: true, failure: channel.ended.failure });
        else channel.followers.add(follower);
        yield* drain(follower, signal);
      } finally {
        leave(key, channel, follower);
      }
    },
    openStreams: () => channels.size,
  };
}
