import { authenticate, requireActor, type Actor } from '@ocore/core';
import type { TRPCError } from '@trpc/server';
import { decodeJwt } from 'jose';
import type { Context } from '../trpc/context.js';
import { asTrpcError } from '../trpc/error-map.js';
import { streamGuardOf } from './stream-guard.js';

type StreamContext = Pick<Context, 'deps' | 'socket' | 'token' | 'ip'> & { actor: Actor };

export interface GuardedStreamOptions<T> {
  /** What the stream asks of its actor (a permission, a portal feature): checked again whenever access may have changed. */
  authorize: (actor: Actor) => Promise<void> | void;
  /** Opens the source; it must end when `signal` aborts. */
  open: (signal: AbortSignal) => Promise<AsyncIterable<T>>;
  signal: AbortSignal | undefined;
}

function expiryOf(token: string | null): number | undefined {
  try {
    const exp = token ? decodeJwt(token).exp : undefined;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A live stream of what is not a domain event (a container's log lines), under the rules of
 * `streamEvents`: admitted by the process's `StreamGuard` (the limits per connection and per
 * user), checked again (token, membership, `authorize`) on every event that may change access
 * and when the token expires. When access is gone the source is aborted and the stream fails
 * with the error REST would answer (`ACCESS_REVOKED`, `FEATURE_DISABLED`, ...). A refusal at
 * the start (`authorize`, or `open` failing) comes before tRPC says the subscription started.
 */
export async function guardedStream<T>(
  ctx: StreamContext,
  options: GuardedStreamOptions<T>,
): Promise<AsyncIterable<T>> {
  await options.authorize(ctx.actor);
  const controller = new AbortController();
  const source = await options.open(controller.signal);
  let release: () => void;
  const state: { failure: TRPCError | null } = { failure: null };
  const check = async () => {
    try {
      const actor = requireActor(await authenticate(ctx.deps, ctx.token ?? '', ctx.ip));
      await options.authorize(actor);
    } catch (error) {
      state.failure ??= asTrpcError(error);
      controller.abort();
    }
  };
  const { agencyOrganizationId } = ctx.actor;
  try {
    release = streamGuardOf(ctx.deps.bus, ctx.deps.transport).admit(
      {
        userId: ctx.actor.userId,
        organizationIds: [ctx.actor.organizationId, ...(agencyOrganizationId ? [agencyOrganizationId] : [])],
        recheck: () => void check(),
      },
      ctx.socket,
    );
  } catch (error) {
    controller.abort();
    throw error;
  }
  return follow(source, { controller, state, release, check, expiresAt: expiryOf(ctx.token), signal: options.signal });
}

interface Following {
  controller: AbortController;
  state: { failure: TRPCError | null };
  release: () => void;
  check: () => Promise<void>;
  expiresAt: number | undefined;
  signal: AbortSignal | undefined;
}

async function* follow<T>(source: AsyncIterable<T>, f: Following): AsyncGenerator<T> {
  const stop = () => f.controller.abort();
  f.signal?.addEventListener('abort', stop, { once: true });
  const timer =
    f.expiresAt === undefined ? undefined : setTimeout(() => void f.check(), Math.max(0, f.expiresAt - Date.now()));
  timer?.unref();
  try {
    for await (const item of source) {
      if (f.state.failure) break;
      yield item;
    }
    if (f.state.failure) throw f.state.failure;
  } catch (error) {
    // The source, aborted because access ended, may fail on its own way out: say why it ended.
    throw f.state.failure ?? error;
  } finally {
    f.release();
    clearTimeout(timer);
    f.signal?.removeEventListener('abort', stop);
    f.controller.abort();
  }
}
