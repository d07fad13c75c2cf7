import {
  authenticate,
  DomainError,
  hiddenInfrastructureFor,
  redactInfrastructure,
  requireActor,
  type Actor,
  type DomainEvent,
} from '@ocore/core';
import { tracked, type TRPCError, type TrackedEnvelope } from '@trpc/server';
import { decodeJwt } from 'jose';
import { WebSocket } from 'ws';
import { claimStartedMessage, trackedDataMessage, type SubscriptionAddress } from '../trpc/ws-encoder.js';
import { directConnection, sendSharedText } from '../trpc/ws-frames.js';
import type { Context } from '../trpc/context.js';
import { asTrpcError } from '../trpc/error-map.js';
import type { BusSubscription } from './event-bus.js';
import { isEventAfter } from './event-id.js';
import { streamGuardOf, type GuardedStream } from './stream-guard.js';

const replayBatch = 500;

async function* replay(ctx: StreamContext, orgIds: string[], afterId: string) {
  let last = afterId;
  for (;;) {
    const batch = await ctx.deps.store.events.listAfter(orgIds, last, replayBatch);
    yield* batch;
    const tail = batch.at(-1);
    if (batch.length < replayBatch || !tail) return;
    last = tail.id;
  }
}

/**
 * Refuses a replay longer than the limit before any of it is sent: a reconnection from an
 * event long past would read and send the whole log since. The client refetches the state
 * instead, and subscribes from now.
 */
async function assertReplayable(ctx: StreamContext, orgIds: string[], afterId: string): Promise<void> {
  const max = ctx.deps.transport.replayMaxEvents;
  const beyond = await ctx.deps.database.db
    .selectFrom('events')
    .select('id')
    .where('organizationId', 'in', orgIds)
    .where('id', '>', afterId)
    .orderBy('id')
    .offset(max)
    .limit(1)
    .executeTakeFirst();
  if (beyond) {
    throw new DomainError(
      'INVALID_INPUT',
      `lastEventId: too old, more than ${max} events came after it; refetch the current state and subscribe again without lastEventId`,
      { field: 'lastEventId' },
    );
  }
}

export interface StreamOptions {
  organizationIds: string[];
  /** Which of the organizations' events this subscriber may see. */
  accept: (event: DomainEvent) => boolean;
  /**
   * What the stream asks of its actor beyond acting in the organization (a permission, an
   * audience): checked when it starts, and again whenever access may have changed.
   */
  authorize?: (actor: Actor) => void;
  lastEventId: string | null;
  signal: AbortSignal | undefined;
}

/** What a stream takes from the subscription's context: who asks (token and actor), the bus, the event log, the socket. */
type StreamContext = Pick<Context, 'deps' | 'socket' | 'token' | 'ip'> & { actor: Actor };

type Tracked = TrackedEnvelope<DomainEvent>;
const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** When the token stops being valid, in ms since the epoch. */
function expiryOf(token: string | null): number | undefined {
  try {
    const exp = token ? decodeJwt(token).exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Events for a subscriber: listens first, then replays what came after `lastEventId` from
 * the log, then goes on live, each event once, as `tracked(id, event)` for reconnects.
 *
 * Access ends at once, as REST would refuse: the stream is admitted by the process's
 * `StreamGuard`, which asks it to check itself again (the token, membership, `authorize`)
 * on every event that may change access and when the token expires. While it checks it
 * holds its events; if access is gone it fails with the error REST would answer
 * (`ACCESS_REVOKED`, `PERMISSION_DENIED`, `UNAUTHENTICATED`, `PASSKEY_REQUIRED`).
 *
 * Live events over a WebSocket skip tRPC. Through tRPC, every event costs every subscriber a
 * round of promises (its iterator, a race with the abort signal, the response objects) and a
 * message of its own; with ten thousand subscribers that, and the garbage it leaves, was most
 * of the time to deliver one change. Once the replay and everything kept are out, the stream
 * learns its subscription id (`claimStartedMessage`), leaves tRPC's `next()` waiting, and the
 * bus hands it each event as published: it writes the very message tRPC would have written,
 * made once per event and id for all subscribers. tRPC still starts, stops and ends it.
 */
export function streamEvents(ctx: StreamContext, options: StreamOptions): AsyncIterableIterator<Tracked> {
  options.authorize?.(ctx.actor);
  return new EventStream(ctx, options);
}

interface Direct {
  socket: WebSocket;
  address: SubscriptionAddress;
  connection: ReturnType<typeof directConnection>;
}

class EventStream implements AsyncIterableIterator<Tracked>, GuardedStream {
  readonly userId: string;
  readonly organizationIds: readonly string[];
  private readonly subscription: BusSubscription;
  private readonly release: () => void;
  private readonly socket: WebSocket | undefined;
  private readonly hides: boolean;
  private replaying: AsyncGenerator<DomainEvent> | null = null;
  private lastId: string | null;
  private kept: DomainEvent[] = [];
  private keptAt = 0;
  private started = false;
  private ended = false;

  /** Read through calls: the stream may end, or ask for another check, while a check awaits. */
  private isEnded(): boolean {
    return this.ended;
  }

  private shouldCheckAgain(): boolean {
    return this.checkAgain;
  }
  private address: SubscriptionAddress | null = null;
  private direct: Direct | null = null;
  /** tRPC's `next()`, left waiting while the live events go straight to the socket. */
  private parked: ((result: IteratorResult<Tracked> | Promise<never>) => void) | null = null;
  /** A check of access under way; events wait for it. */
  private checking: Promise<void> | null = null;
  private checkAgain = false;
  /** Live events handed over directly while a check was under way. */
  private held: DomainEvent[] = [];
  private failure: TRPCError | null = null;
  private readonly expiresAt: number | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  /** Admitted (or refused) and subscribed to the bus before the replay starts, so nothing published meanwhile is missed. */
  constructor(
    private readonly ctx: StreamContext,
    private readonly options: StreamOptions,
  ) {
    this.userId = ctx.actor.userId;
    const { organizationId, agencyOrganizationId } = ctx.actor;
    this.organizationIds = [
      ...new Set([organizationId, ...(agencyOrganizationId ? [agencyOrganizationId] : []), ...options.organizationIds]),
    ];
    // A client's own member may be kept from the servers' whereabouts: their events are redacted
    // one by one, so they never take the direct path (one message made for every subscriber).
    this.hides = ctx.actor.agencyOrganizationId !== null && !ctx.actor.viaAgency;
    this.socket = this.hides ? undefined : ctx.socket;
    this.release = streamGuardOf(ctx.deps.bus, ctx.deps.transport).admit(this, ctx.socket);
    this.subscription = ctx.deps.bus.subscribe(options.signal ?? new AbortController().signal);
    this.lastId = options.lastEventId;
    this.expiresAt = expiryOf(ctx.token);
    this.armExpiry();
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<Tracked>> {
    try {
      const result = await this.advance();
      if (!this.hides || result.done) return result;
      const hidden = await hiddenInfrastructureFor(this.ctx.deps, this.ctx.actor);
      return hidden ? { done: false, value: redactInfrastructure(result.value, hidden) } : result;
    } catch (error) {
      this.end();
      throw asTrpcError(error);
    }
  }

  private async advance(): Promise<IteratorResult<Tracked>> {
    if (!this.started) {
      this.started = true;
      if (this.socket) {
        claimStartedMessage((address) => (this.address = address));
        // tRPC sends `started` as soon as this first call returns its promise: let it.
        await Promise.resolve();
      }
      if (this.lastId !== null) {
        await assertReplayable(this.ctx, this.options.organizationIds, this.lastId);
        this.replaying = replay(this.ctx, this.options.organizationIds, this.lastId);
      }
    }
    for (;;) {
      if (this.checking) await this.checking;
      if (this.failure) throw this.failure;
      if (this.ended) return finished;
      if (this.replaying) {
        const next = await this.replaying.next();
        if (next.done) this.replaying = null;
        else {
          this.lastId = next.value.id;
          if (this.wanted(next.value)) return { done: false, value: tracked(next.value.id, next.value) };
        }
        continue;
      }
      if (this.keptAt === this.kept.length) {
        this.kept = this.subscription.take();
        this.keptAt = 0;
      }
      const event = this.kept[this.keptAt];
      if (event) {
        this.keptAt++;
        if (this.isNew(event)) return { done: false, value: this.pass(event) };
        continue;
      }
      if (this.subscription.closed) return this.end();
      const socket = this.socket;
      if (this.address && socket?.readyState === WebSocket.OPEN) return this.goDirect(socket, this.address);
      await this.subscription.ready();
    }
  }

  return(): Promise<IteratorResult<Tracked>> {
    const replaying = this.replaying;
    this.replaying = null;
    this.end();
    return (replaying?.return(undefined) ?? Promise.resolve()).then(() => finished);
  }

  /** Checks access again (the guard asks, or the token expires); events wait until it is done. */
  recheck(): void {
    if (this.ended) return;
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = this.check();
  }

  private async check(): Promise<void> {
    do {
      this.checkAgain = false;
      try {
        const actor = requireActor(await authenticate(this.ctx.deps, this.ctx.token ?? '', this.ctx.ip));
        this.options.authorize?.(actor);
      } catch (error) {
        this.fail(error);
      }
    } while (this.shouldCheckAgain() && !this.isEnded());
    this.checking = null;
    if (this.isEnded()) return;
    this.armExpiry();
    const held = this.held;
    this.held = [];
    if (this.direct && held.length > 0) this.sendLive(this.direct, held);
  }

  /** A timer at the token's expiry, which checks the stream again (and so ends it). */
  private armExpiry(): void {
    if (this.expiresAt === undefined || this.expiryTimer || this.ended) return;
    const wait = this.expiresAt - Date.now();
    if (wait < 0) return;
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      this.recheck();
    }, wait);
    this.expiryTimer.unref();
  }

  private wanted(event: DomainEvent): boolean {
    return this.options.organizationIds.includes(event.organizationId) && this.options.accept(event);
  }

  private isNew(event: DomainEvent): boolean {
    return this.wanted(event) && isEventAfter(event.id, this.lastId);
  }

  /** An event for tRPC to send, as its tracked value, noted as delivered. */
  private pass(event: DomainEvent): Tracked {
    this.lastId = event.id;
    return tracked(event.id, event);
  }

  private goDirect(socket: WebSocket, address: SubscriptionAddress): Promise<IteratorResult<Tracked>> {
    return new Promise((resolve) => {
      this.parked = resolve;
      const direct: Direct = { socket, address, connection: directConnection(socket) };
      this.direct = direct;
      this.subscription.deliverDirectly((events) => {
        if (this.checking) this.held.push(...events);
        else this.sendLive(direct, events);
      });
    });
  }

  private sendLive(direct: Direct, events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (this.ended) return;
      if (!this.isNew(event)) continue;
      this.lastId = event.id;
      sendSharedText(direct.socket, trackedDataMessage(direct.address, event), direct.connection);
    }
  }

  /** Access is gone: the waiting `next()` fails with the error REST would answer, and tRPC sends it. */
  private fail(error: unknown): void {
    const failure = asTrpcError(error);
    if (failure.code === 'INTERNAL_SERVER_ERROR') this.ctx.deps.log.error({ err: error }, 'a stream check failed');
    this.failure = failure;
    const parked = this.parked;
    this.parked = null;
    this.end();
    parked?.(Promise.reject(failure));
  }

  /** Ends the stream: tRPC's waiting `next()` returns done, and tRPC sends `stopped`. */
  private end(): IteratorReturnResult<undefined> {
    this.ended = true;
    this.subscription.close();
    this.release();
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.held = [];
    const parked = this.parked;
    this.parked = null;
    parked?.(finished);
    return finished;
  }
}
