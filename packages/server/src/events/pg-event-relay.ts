import type { DomainEvent, EventPublisher } from '@ocore/core';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { toEvent } from '../shared/kysely-logs.repository.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './event-bus.js';
import { isEventAfter } from './event-id.js';

const channel = 'ocore_events';
const loadLimit = 10_000;

async function loadEvents(db: Kysely<Database>, { after }: { after: string }): Promise<DomainEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('id', '>', after)
    .orderBy('id')
    .limit(loadLimit)
    .execute();
  return rows.map(toEvent);
}

export interface PgEventRelay {
  publisher: EventPublisher;
  close(): Promise<void>;
}

/**
 * Carries events between server processes that share one PostgreSQL: after commit a process
 * NOTIFYs the new event ids; every process (itself included) LISTENs, reads those events and
 * hands them to its local bus. After a lost connection it catches up on what it missed.
 */
export async function startPgEventRelay(
  connectionString: string,
  db: Kysely<Database>,
  bus: EventBus,
  log: Logger,
): Promise<PgEventRelay> {
  let client: pg.Client | undefined;
  let closed = false;
  let lastSeen: string | null = null;
  let delivering: Promise<void> = Promise.resolve();
  // Subscribers skip ids they have seen, so delivering one twice after a catch-up is harmless.
  const deliver = (events: DomainEvent[]) => {
    for (const e of events) if (isEventAfter(e.id, lastSeen)) lastSeen = e.id;
    bus.publish(events);
  };
  const loadNewEvents = async (ids: string[]): Promise<DomainEvent[]> => {
    const notified = ids.filter((id) => isEventAfter(id, lastSeen));
    if (notified.length === 0) return [];
    // A process that has delivered nothing yet starts at the first id it is told of.
    const first = notified.reduce((a, b) => (isEventAfter(a, b) ? b : a));
    const after = lastSeen ?? String(BigInt(first) - 1n);
    const events: DomainEvent[] = [];
    for (let from = after; ;) {
      const batch = await loadEvents(db, { after: from });
      events.push(...batch);
      const tail = batch.at(-1);
      if (batch.length < loadLimit || !tail) return events;
      from = tail.id;
    }
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (msg) => {
      const ids = JSON.parse(msg.payload ?? '[]') as string[];
      // One read after the other, of every event after the last one delivered, not only the ids
      // notified: two processes' notifications may arrive in the other order than their events
      // committed, and subscribers (which skip ids they are past) would drop the older one. Ids
      // are given in commit order (one writer at a time), so all before a visible one are visible.
      delivering = delivering
        .then(() => loadNewEvents(ids))
        .then(deliver, (err: unknown) => log.error({ err }, 'event relay could not read events'));
    });
    next.on('error', (err) => log.warn({ err }, 'event relay connection lost'));
    next.on('end', () => {
      if (closed) return;
      setTimeout(() => void reconnect(), 1000);
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
  };
  const reconnect = async () => {
    try {
      await connect();
      const after = lastSeen;
      if (after !== null) {
        // In line with the notifications' reads, for the same reason as there.
        const catchUp = delivering.then(() => loadEvents(db, { after })).then(deliver);
        delivering = catchUp.catch(() => undefined);
        await catchUp;
      }
    } catch (err) {
      log.warn({ err }, 'event relay reconnect failed; retrying');
      if (!closed) setTimeout(() => void reconnect(), 2000);
    }
  };
  await connect();
  const notifier = new pg.Pool({ connectionString, max: 2 });
  notifier.on('error', () => undefined);
  return {
    publisher: {
      publish(events) {
        if (events.length === 0) return;
        // This process's caches drop what changed now, not when the NOTIFY comes back.
        bus.tellWatchers(events);
        const ids = JSON.stringify(events.map((e) => e.id));
        notifier.query('select pg_notify($1, $2)', [channel, ids]).catch((err: unknown) => {
          log.error({ err }, 'could not notify other processes; delivering locally');
          bus.publish(events);
        });
      },
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
      await notifier.end();
    },
  };
}
