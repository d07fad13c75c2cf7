import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the event log', () => {
  it('gives ids in commit order: a second writer waits for the first to commit', async () => {
    const store = t.app.deps.store;
    const organizationId = randomUUID();
    const committed: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const firstAppended = new Promise<void>((resolve) => (appended = resolve));

    const first = store
      .transaction(async (tx) => {
        const [event] = await tx.events.append([
          { organizationId, type: 'server.created', payload: { targetType: 'server', targetId: null } },
        ]);
        appended();
        await held;
        return event;
      })
      .then((event) => (committed.push('first'), event));
    await firstAppended;
    const second = store
      .transaction((tx) =>
        tx.events.append([
          { organizationId, type: 'server.deleted', payload: { targetType: 'server', targetId: null } },
        ]),
      )
      .then(([event]) => (committed.push('second'), event));

    // Without the ordering, the second would take the next id and commit now, before the
    // first: a subscriber past its id would never see the first event.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(committed).toEqual([]);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(committed).toEqual(['first', 'second']);
    expect(BigInt(b!.id)).toBeGreaterThan(BigInt(a!.id));
    expect((await store.events.listAfter([organizationId], null, 10)).map((e) => e.type)).toEqual([
      'server.created',
      'server.deleted',
    ]);
  });
});
