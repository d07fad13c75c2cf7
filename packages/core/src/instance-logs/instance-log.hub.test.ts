import { describe, expect, it } from 'vitest';
import type { LogLine } from '../runtime/container-runtime.ports.js';
import { createInstanceLogHub, type LogSource } from './instance-log.hub.js';

/** An engine stand-in: counts the streams it opened, and pushes lines to the open ones. */
function engine(history: string[] = []) {
  const open = new Set<(line: LogLine | null) => void>();
  let opened = 0;
  const line = (text: string): LogLine => ({ stream: 'stdout', time: new Date().toISOString(), text });
  const source = (): Promise<LogSource> =>
    Promise.resolve({
      history: async function* () {
        yield* history.map(line);
      },
      live: async function* (signal: AbortSignal) {
        opened += 1;
        const queue: (LogLine | null)[] = [];
        let wake = () => undefined as void;
        const push = (l: LogLine | null) => (queue.push(l), wake());
        open.add(push);
        signal.addEventListener('abort', () => push(null));
        try {
          for (;;) {
            if (!queue.length) await new Promise<void>((r) => (wake = r));
            const next = queue.shift();
            if (next === null) return;
            if (next) yield next;
          }
        } finally {
          open.delete(push);
        }
      },
    });
  return {
    source,
    write: (text: string) => open.forEach((push) => push(line(text))),
    end: () => open.forEach((push) => push(null)),
    opened: () => opened,
    openNow: () => open.size,
  };
}

function follower(hub: ReturnType<typeof createInstanceLogHub>, e: ReturnType<typeof engine>, tail = 0) {
  const controller = new AbortController();
  const texts: string[] = [];
  const done = (async () => {
    for await (const line of hub.follow('i1', e.source, tail, controller.signal)) texts.push(line.text);
  })();
  return { texts, done, stop: () => controller.abort() };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('the instance log hub', () => {
  it('opens one engine stream for many followers and fans every line out to them', async () => {
    const hub = createInstanceLogHub();
    const e = engine();
    const followers = Array.from({ length: 100 }, () => follower(hub, e));
    await settle();
    e.write('2026-12-07 10:00:00,000 1 INFO db odoo: one');
    await settle();
    expect(e.opened()).toBe(1);
    expect(hub.openStreams()).toBe(1);
    for (const f of followers) expect(f.texts).toEqual(['2026-12-07 10:00:00,000 1 INFO db odoo: one']);
    followers.forEach((f) => f.stop());
    await Promise.all(followers.map((f) => f.done));
    await settle();
    expect(e.openNow()).toBe(0);
    expect(hub.openStreams()).toBe(0);
  });

  it('replays the last lines to a late joiner that asks for a tail, then goes on live', async () => {
    const hub = createInstanceLogHub();
    const e = engine(['old 1', 'old 2']);
    const first = follower(hub, e);
    await settle();
    e.write('new 1');
    await settle();
    const late = follower(hub, e, 2);
    await settle();
    e.write('new 2');
    await settle();
    expect(first.texts).toEqual(['new 1', 'new 2']);
    expect(late.texts).toEqual(['old 2', 'new 1', 'new 2']);
    expect(e.opened()).toBe(1);
    first.stop();
    late.stop();
  });

  it('closes the stream after the last follower leaves and opens a new one for the next', async () => {
    const hub = createInstanceLogHub();
    const e = engine();
    const a = follower(hub, e);
    const b = follower(hub, e);
    await settle();
    a.stop();
    await settle();
    expect(e.openNow()).toBe(1);
    b.stop();
    await settle();
    expect(e.openNow()).toBe(0);
    const c = follower(hub, e);
    await settle();
    expect(e.opened()).toBe(2);
    c.stop();
  });

  it('ends every follower when the container stops writing (its stream ends)', async () => {
    const hub = createInstanceLogHub();
    const e = engine();
    const followers = [follower(hub, e), follower(hub, e)];
    await settle();
    e.end();
    await Promise.all(followers.map((f) => f.done));
    expect(hub.openStreams()).toBe(0);
  });

  it('drops a follower that falls too far behind, not the others', async () => {
    const hub = createInstanceLogHub({ maxBacklog: 3 });
    const e = engine();
    const controller = new AbortController();
    const slow = hub.follow('i1', e.source, 0, controller.signal)[Symbol.asyncIterator]();
    const first = slow.next();
    const fast = follower(hub, e);
    await settle();
    for (let i = 0; i < 6; i += 1) e.write(`line ${i}`);
    await settle();
    expect(fast.texts).toHaveLength(6);
    expect((await first).value.text).toBe('line 0');
    await expect(
      (async () => {
        for (;;) if ((await slow.next()).done) return;
      })(),
    ).rejects.toThrow('fell too far behind');
    fast.stop();
  });
});
