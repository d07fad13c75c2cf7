import type { DomainEvent } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import { busWakeSlice, createEventBus } from './event-bus.js';

const event = (id: number, organizationId = 'org-1'): DomainEvent => ({
  id: String(id),
  organizationId,
  type: 'organization.updated',
  payload: { targetType: 'organization', targetId: organizationId },
  createdAt: '2026-11-24T00:00:00.000Z',
});

async function take(iterator: AsyncIterator<DomainEvent>, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    ids.push(next.value.id);
  }
  return ids;
}

describe('the event bus', () => {
  it('gives every subscriber every event from the moment it listened, in order, even before its first read', async () => {
    const bus = createEventBus();
    const a = bus.listen(new AbortController().signal);
    const b = bus.listen(new AbortController().signal);
    bus.publish([event(1), event(2)]);
    bus.publish([event(3)]);
    expect(await take(a, 3)).toEqual(['1', '2', '3']);
    expect(await take(b, 3)).toEqual(['1', '2', '3']);
  });

  it('wakes a subscriber waiting for its next event', async () => {
    const bus = createEventBus();
    const a = bus.listen(new AbortController().signal);
    const next = a.next();
    bus.publish([event(7)]);
    expect((await next).value).toMatchObject({ id: '7' });
  });

  it('keeps a slow subscriber from holding up the others', async () => {
    const bus = createEventBus();
    const slow = bus.listen(new AbortController().signal);
    const fast = bus.listen(new AbortController().signal);
    for (let i = 1; i <= 100; i++) bus.publish([event(i)]);
    expect(await take(fast, 100)).toHaveLength(100);
    expect(await take(slow, 100)).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)));
  });

  it('ends and forgets a subscriber when its signal aborts, also while it waits', async () => {
    const bus = createEventBus();
    const controller = new AbortController();
    const a = bus.listen(controller.signal);
    expect(bus.subscriberCount()).toBe(1);
    const waiting = a.next();
    controller.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(bus.subscriberCount()).toBe(0);
    bus.publish([event(1)]);
    expect(await a.next()).toEqual({ done: true, value: undefined });
  });

  it('forgets a subscriber that stops reading (break in for await)', async () => {
    const bus = createEventBus();
    const a = bus.listen(new AbortController().signal);
    bus.publish([event(1), event(2)]);
    for await (const e of a) if (e.id === '1') break;
    expect(bus.subscriberCount()).toBe(0);
  });

  it('never adds a subscriber whose signal has already aborted', async () => {
    const bus = createEventBus();
    const a = bus.listen(AbortSignal.abort());
    expect(bus.subscriberCount()).toBe(0);
    expect(await a.next()).toEqual({ done: true, value: undefined });
  });

  it('tells watchers synchronously before the subscribers, survives a failing one, and tellWatchers reaches watchers only', async () => {
    const errors: unknown[] = [];
    const bus = createEventBus((error) => errors.push(error));
    const order: string[] = [];
    const subscriber = bus.listen(new AbortController().signal);
    const stopFailing = bus.watch(() => {
      throw new Error('broken watcher');
    });
    const stop = bus.watch((e) => order.push(`watch ${e.id}`));
    bus.publish([event(1)]);
    order.push('published');
    expect(order).toEqual(['watch 1', 'published']);
    expect(errors).toHaveLength(1);
    expect(await take(subscriber, 1)).toEqual(['1']);

    bus.tellWatchers([event(2)]);
    expect(order).toEqual(['watch 1', 'published', 'watch 2']);
    bus.publish([event(3)]);
    expect(await take(subscriber, 1)).toEqual(['3']);

    stop();
    stopFailing();
    bus.publish([event(4)]);
    expect(order).toEqual(['watch 1', 'published', 'watch 2', 'watch 3']);
  });

  it('wakes a crowd of waiting subscribers a slice per turn of the event loop, so other work runs in between, and every one gets every event in order', async () => {
    const bus = createEventBus();
    const count = busWakeSlice * 2 + 10;
    const got: string[][] = Array.from({ length: count }, () => []);
    const readers = Array.from({ length: count }, (_, i) =>
      (async () => {
        for await (const e of bus.listen(AbortSignal.timeout(5000))) {
          got[i]!.push(e.id);
          if (e.id === '2') return;
        }
      })(),
    );
    await new Promise((resolve) => setImmediate(resolve)); // every reader now waits
    const reached = () => got.filter((ids) => ids.length > 0).length;
    let reachedWhenOtherWorkRan = -1;
    bus.publish([event(1)]);
    setImmediate(() => (reachedWhenOtherWorkRan = reached()));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(reached()).toBe(busWakeSlice);
    bus.publish([event(2)]); // while the first slicing is under way
    await Promise.all(readers);
    expect(reachedWhenOtherWorkRan).toBeGreaterThanOrEqual(busWakeSlice);
    expect(reachedWhenOtherWorkRan).toBeLessThan(count);
    expect(got.every((ids) => ids.join() === '1,2')).toBe(true);
  });
});
