import { DomainError, type DomainEvent } from '@ocore/core';
import type { TransportLimits } from '../config/config.js';
import type { EventBus } from './event-bus.js';

/** A live stream as the guard sees it: whose it is, where it acts, and how to check it again. */
export interface GuardedStream {
  readonly userId: string;
  /** The organization the stream's actor acts in, its agency (if any), and those it reads. */
  readonly organizationIds: readonly string[];
  /** Checks the stream's access again; it holds its events meanwhile and fails if access is gone. */
  recheck(): void;
}

/**
 * Event types after which access may have changed: membership and roles, the organization or
 * a client going away, agency mode, settings (`requirePasskey`), the portal's feature switches, and the user's own account or
 * sessions. A prefix ending in `.` takes every type under it, so future kinds (`member.invited`,
 * `session.revoked`) are covered too.
 */
const accessChanges = [
  'member.',
  'role.',
  'user.',
  'session.',
  'organization.deleted',
  'agency.enabled',
  'agency.client_deleted',
  'org_settings.updated',
  // A client's portal switches: live instance logs and terminal sessions depend on them.
  'agency.portal_config_updated',
];

/** True when `event` may end or narrow someone's access, so their streams must be checked again. */
export function mayChangeAccess(event: DomainEvent): boolean {
  return accessChanges.some((change) => (change.endsWith('.') ? event.type.startsWith(change) : event.type === change));
}

/** True when `event` may change `stream`'s access: it happened where the stream acts, or to its user. */
function concerns(event: DomainEvent, stream: GuardedStream): boolean {
  return stream.organizationIds.includes(event.organizationId) || event.payload.targetId === stream.userId;
}

/**
 * The one registry of live streams in a process: it counts them (per connection, per user)
 * against the transport limits, and on every event that may change access it asks each
 * concerned stream to check itself again, before any subscriber hears of the event (it is a
 * watcher of the bus), so no event published after a revocation reaches a revoked stream.
 */
export class StreamGuard {
  private readonly streams = new Set<GuardedStream>();
  private readonly perConnection = new Map<object, number>();
  private readonly perUser = new Map<string, number>();

  constructor(
    bus: EventBus,
    private readonly limits: Pick<TransportLimits, 'streamsPerConnection' | 'streamsPerUser'>,
  ) {
    bus.watch((event) => {
      if (!mayChangeAccess(event)) return;
      for (const stream of this.streams) if (concerns(event, stream)) stream.recheck();
    });
  }

  /**
   * Admits a stream, or throws RATE_LIMITED when its connection or its user holds as many as
   * allowed. Returns the function that lets it go (once).
   */
  admit(stream: GuardedStream, connection: object | undefined): () => void {
    const onConnection = connection ? (this.perConnection.get(connection) ?? 0) : 0;
    if (connection && onConnection >= this.limits.streamsPerConnection) {
      throw new DomainError(
        'RATE_LIMITED',
        `At most ${this.limits.streamsPerConnection} live subscriptions per connection: stop one first`,
      );
    }
    const ofUser = this.perUser.get(stream.userId) ?? 0;
    if (ofUser >= this.limits.streamsPerUser) {
      throw new DomainError(
        'RATE_LIMITED',
        `At most ${this.limits.streamsPerUser} live subscriptions per user: stop one first`,
      );
    }
    this.streams.add(stream);
    if (connection) this.perConnection.set(connection, onConnection + 1);
    this.perUser.set(stream.userId, ofUser + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.streams.delete(stream);
      if (connection) decrement(this.perConnection, connection);
      decrement(this.perUser, stream.userId);
    };
  }

  /** How many streams are live: for tests and metrics. */
  size(): number {
    return this.streams.size;
  }
}

function decrement<K>(counts: Map<K, number>, key: K): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}

const guards = new WeakMap<EventBus, StreamGuard>();

/** The guard of a bus's streams (one per process), made at the first stream. */
export function streamGuardOf(bus: EventBus, limits: TransportLimits): StreamGuard {
  let guard = guards.get(bus);
  if (!guard) {
    guard = new StreamGuard(bus, limits);
    guards.set(bus, guard);
  }
  return guard;
}
