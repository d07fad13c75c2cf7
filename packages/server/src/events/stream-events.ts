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
 * the log, then goes on live, each event once, as `tracked(id, event)` for reconnects. An
 * async generator on tRPC's standard path; over a WebSocket, an event that many subscribers
 * receive is framed once (`trpc/ws-broadcast.ts`).
 *
 * Access ends at once, as REST would refuse: the stream is admitted by the process's
 * `StreamGuard`, which asks it to check itself again (the token, membership, `authorize`)
 * on every event that may change access and when the token expires. While it checks it
 * holds its events; if access is gone it fails with the error REST would answer
 * (`ACCESS_REVOKED`, `PERMISSION_DENIED`, `UNAUTHENTICATED`, `PASSKEY_REQUIRED`).
 * A refusal at the start (`authorize`, the limits) comes before tRPC says it started.
 */
export function streamEvents(ctx: StreamContext, options: StreamOptions): AsyncGenerator<Tracked> {
  options.authorize?.(ctx.actor);
  return new EventStream(ctx, options).events();
}

class EventStream implements GuardedStream {
  readonly userId: string;
  readonly organizationIds: readonly string[];
  private readonly subscription: BusSubscription;
  private readonly release: () => void;
  /** A client's own member may be kept from the servers' whereabouts: their events are redacted one by one. */
  private readonly hides: boolean;
  private lastId: string | null;
  private ended = false;
  /** A check of access under way; events wait for it. */
  private checking: Promise<void> | null = null;
  private checkAgain = false;
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
    this.hides = ctx.actor.agencyOrganizationId !== null && !ctx.actor.viaAgency;
    this.release = streamGuardOf(ctx.deps.bus, ctx.deps.transport).admit(this, ctx.socket);
    this.subscription = ctx.deps.bus.subscribe(options.signal ?? new AbortController().signal);
    // Without lastEventId, what the process already knew of is not news (see `latestEventId`).
    this.lastId = options.lastEventId ?? ctx.deps.bus.latestEventId();
    this.expiresAt = expiryOf(ctx.token);
    this.armExpiry();
  }

  async *events(): AsyncGenerator<Tracked> {
    try {
      const { lastEventId } = this.options;
      if (lastEventId !== null) {
        await assertReplayable(this.ctx, this.options.organizationIds, lastEventId);
        for await (const event of replay(this.ctx, this.options.organizationIds, lastEventId)) {
          await this.settle();
          this.lastId = event.id;
          if (this.wanted(event)) yield await this.tracked(event);
        }
      }
      for (;;) {
        for (const event of this.subscription.take()) {
          // A check under way holds the events; a failed one ends the stream before any more.
          if (this.checking !== null || this.failure !== null) await this.settle();
          if (!this.isNew(event)) continue;
          this.lastId = event.id;
          yield this.hides ? await this.tracked(event) : tracked(event.id, event);
        }
        if (this.checking !== null || this.failure !== null) await this.settle();
        if (this.subscription.closed) return;
        await this.subscription.ready();
      }
    } catch (error) {
      throw asTrpcError(error);
    } finally {
      this.end();
    }
  }

  /** Waits for a check under way; throws the error REST would answer if access is gone. */
  private async settle(): Promise<void> {
    if (this.checking) await this.checking;
    if (this.failure) throw this.failure;
  }

  private async tracked(event: DomainEvent): Promise<Tracked> {
    const hidden = this.hides ? await hiddenInfrastructureFor(this.ctx.deps, this.ctx.actor) : undefined;
    return tracked(event.id, hidden ? redactInfrastructure(event, hidden) : event);
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
    this.armExpiry();
  }

  /** Read through calls: the stream may end, or ask for another check, while a check awaits. */
  private isEnded(): boolean {
    return this.ended;
  }

  private shouldCheckAgain(): boolean {
    return this.checkAgain;
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

  /** Access is gone: the generator throws the error REST would answer at its next step, and tRPC sends it. */
  private fail(error: unknown): void {
    const failure = asTrpcError(error);
    if (failure.code === 'INTERNAL_SERVER_ERROR') this.ctx.deps.log.error({ err: error }, 'a stream check failed');
    this.failure ??= failure;
    // Wakes a generator waiting for events: it settles, and throws.
    this.subscription.close();
  }

  private end(): void {
    this.ended = true;
    this.subscription.close();
    this.release();
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }
}
