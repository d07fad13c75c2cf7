import { authenticate, DomainError, requireActor } from '@ocore/core';
import { hideInfrastructure, hideInfrastructureInError } from './infrastructure-guard.js';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Context } from './context.js';
import { InputError, toTrpcError } from './error-map.js';
import { assertStorableText } from './input-guard.js';
import { expensiveCallLimits } from './request-bounds.js';
import { markAuthenticated } from './socket-auth.js';

/**
 * Per-procedure metadata: the REST mapping, the status of a successful REST answer, and
 * whether a token is optional (the answer depends on it, but anyone may call).
 */
export type Meta = OpenApiMeta<{ successStatus?: number; optionalAuth?: boolean }>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause instanceof DomainError ? error.cause : undefined;
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      return {
        ...shape,
        message: internal ? 'Internal server error' : shape.message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
        error: cause?.code ?? error.code,
        ...(cause?.field ? { field: cause.field } : {}),
        // The REST body parser refuses a body that is not JSON or that carries __proto__ keys: the body is at fault.
        ...(error.code === 'PARSE_ERROR' && !cause?.field ? { field: 'body' } : {}),
        ...(cause instanceof InputError ? { fields: cause.fields } : {}),
        ...(cause?.permission ? { permission: cause.permission } : {}),
        ...(cause?.retryAfterSeconds ? { retryAfterSeconds: cause.retryAfterSeconds } : {}),
        ...(cause?.feature ? { feature: cause.feature } : {}),
        ...(cause?.issues ? { errors: cause.issues } : {}),
        ...(cause?.link ? { link: cause.link } : {}),
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure maps its failures through the one error table. A bodyless tRPC POST reaches
 * here as a raw `null` (see http-server.ts), which means "no input". Texts the database
 * cannot store are refused when the input is read, after authentication like any input.
 */
export const publicProcedure = t.procedure.use(async ({ next, ctx, path, getRawInput }) => {
  const readInput = async () => {
    const raw = (await getRawInput()) ?? undefined;
    assertStorableText(raw);
    return raw;
  };
  const result = await next({ getRawInput: readInput });
  if (result.ok) return result;
  const mapped = toTrpcError(result.error);
  if (mapped.code === 'INTERNAL_SERVER_ERROR')
    ctx.deps.log.error({ err: result.error.cause ?? result.error, path }, 'procedure failed');
  throw mapped;
});

/** A signed-in user, with or without a current organization. */
export const userProcedure = publicProcedure.use(async ({ ctx, next }) => {
  // The same error code as a token that is not valid: both are "who are you?" (401).
  if (!ctx.token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
  const auth = await authenticate(ctx.deps, ctx.token, ctx.ip);
  if (ctx.socket) markAuthenticated(ctx.socket);
  return next({ ctx: { principal: auth.principal, actor: auth.actor, auth } });
});

/**
 * A member acting in their current organization. Calls that read or build a whole
 * organization's data (DR export and import, audit queries) are also counted against a
 * rate limit of their own, per organization.
 */
export const orgProcedure = userProcedure.use(async ({ ctx, next, path }) => {
  const actor = requireActor(ctx.auth);
  const limit = expensiveCallLimits[path];
  if (limit) await ctx.deps.limits.consume(limit, actor.organizationId);
  const result = await next({ ctx: { actor } });
  if (result.ok) return { ...result, data: await hideInfrastructure(ctx.deps, actor, result.data) };
  await hideInfrastructureInError(ctx.deps, actor, result.error);
  return result;
});
