import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { createOpenApiNodeHttpHandler, generateOpenApiDocument, type OpenApiRouter } from 'trpc-to-openapi';
import type { Context } from '../trpc/context.js';
import { InputError, retryAfterHeader } from '../trpc/error-map.js';
import type { Meta } from '../trpc/trpc.js';
import { declareErrorAnswers, type OpenApiLike } from './openapi-errors.js';
import { hasNoBody } from './request-body.js';

export const apiBase = '/api';

/**
 * The OpenAPI 3.1 document of every REST operation. The library describes every success as
 * `200`; an operation that answers 201, 202 or 204 (its `successStatus`) says so instead. Error
 * answers are declared as the server sends them (openapi-errors.ts).
 */
export function createOpenApiDocument(router: AnyTRPCRouter) {
  const document = generateOpenApiDocument(router as OpenApiRouter, {
    title: 'oCore Agency API',
    version: '1.0.0',
    baseUrl: apiBase,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  });
  const procedures = router._def.procedures as Record<string, { _def: { meta?: Meta } }>;
  for (const procedure of Object.values(procedures)) {
    const { openapi, successStatus, optionalAuth } = procedure._def.meta ?? {};
    const operation =
      openapi && document.paths?.[openapi.path]?.[openapi.method.toLowerCase() as Lowercase<typeof openapi.method>];
    // Anyone may call; a token, when sent, is used.
    if (operation && optionalAuth) operation.security = [{}, { bearerAuth: [] }];
    if (!openapi || !successStatus) continue;
    const { '200': success, ...others } = (operation?.responses ?? {}) as Record<string, { description?: string }>;
    if (!operation || !success) continue;
    const described =
      successStatus === 204
        ? { description: 'No Content' }
        : { ...success, description: statusDescriptions[successStatus] ?? success.description };
    operation.responses = { [String(successStatus)]: described, ...others };
  }
  declareErrorAnswers(document as OpenApiLike);
  return document;
}

const statusDescriptions: Record<number, string> = { 201: 'Created', 202: 'Accepted' };

/** Each procedure's REST success status (201, 204) from its meta, by procedure path. */
function successStatusByPath(router: AnyTRPCRouter): Map<string, number> {
  const statuses = new Map<string, number>();
  const procedures = router._def.procedures as Record<string, { _def: { meta?: Meta } }>;
  for (const [path, procedure] of Object.entries(procedures)) {
    const status = procedure._def.meta?.successStatus;
    if (status) statuses.set(path, status);
  }
  return statuses;
}

/**
 * The library parses a body only when Content-Type is exactly application/json, and refuses
 * a POST without one; given no body at all, its parser fails ("Failed to parse request body").
 * The documented curls send bodyless POSTs (`curl -X POST … -H "Authorization: …"`) and charset
 * suffixes. A request without a body gets its input from the path alone (`req.body` set, so
 * the library reads nothing), whatever Content-Type it names.
 */
function normalizeBody(req: IncomingMessage): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const type = req.headers['content-type'];
  const none = hasNoBody(req);
  if (type === undefined || none || /^application\/json\s*(;|$)/i.test(type)) {
    req.headers['content-type'] = 'application/json';
  }
  if (none) Object.assign(req, { body: undefined });
}

/**
 * The query string as the library reads it (`req.query`, each key's values in a list), kept in
 * an object without a prototype: the library's own parser indexes a plain `{}` by key, so
 * `?constructor=1`, `?__proto__=1` or `?toString=1` crashed it into a 500.
 */
function parseQuery(req: IncomingMessage): void {
  const query = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of new URL(req.url ?? '/', 'http://localhost').searchParams) (query[key] ??= []).push(value);
  Object.assign(req, { query });
}

/**
 * What is wrong with a REST request's body as input, if anything. The library spreads the
 * parsed body into the input with the path's parameters, so a body of `null`, `[1]` or
 * `"text"` became `{}` or `{0: …}` and went through as an empty update; and an update (PUT,
 * PATCH) without a body would go through as one too. Its parser leaves the body on the
 * request before the context is made.
 */
function bodyProblem(req: IncomingMessage): string | undefined {
  const body: unknown = 'body' in req ? req.body : undefined;
  if (body === undefined) {
    const update = req.method === 'PUT' || req.method === 'PATCH';
    return update ? 'is required: the fields to change, as a JSON object' : undefined;
  }
  return typeof body !== 'object' || body === null || Array.isArray(body) ? 'must be a JSON object' : undefined;
}

type CallProcedure = (opts: {
  path: string;
  ctx: Context;
  type: string;
  getRawInput: () => Promise<unknown>;
  signal: AbortSignal | undefined;
  batchIndex: number;
}) => Promise<unknown>;

/** A caller by path, as the library reaches a procedure (`caller.agency.clients.list(input)`). */
function pathCaller(call: (path: string, input: unknown) => Promise<unknown>, path: string[] = []): unknown {
  return new Proxy(() => undefined, {
    get: (_target, key) => pathCaller(call, [...path, String(key)]),
    apply: (_target, _this, args: unknown[]) => call(path.join('.'), args[0]),
  });
}

/**
 * The router as the REST handler sees it: the same procedures, called as the router's own
 * caller calls them, except that a request whose body is at fault (`bodyProblem`) has its
 * input refused when the procedure reads it: after authentication, as any input, so that a
 * caller without a token hears "who are you?" first.
 */
function restView(router: AnyTRPCRouter, problems: WeakMap<Context, string>): OpenApiRouter {
  const procedures = router._def.procedures as Record<string, CallProcedure & { _def: { type: string } }>;
  const createCaller = (ctx: Context) =>
    pathCaller(async (path, input) => {
      const procedure = procedures[path];
      if (!procedure) throw new Error(`No procedure at ${path}`);
      const problem = problems.get(ctx);
      return procedure({
        path,
        ctx,
        type: procedure._def.type,
        signal: undefined,
        batchIndex: 0,
        getRawInput: () =>
          problem ? Promise.reject(new InputError([{ field: 'body', message: problem }])) : Promise.resolve(input),
      });
    });
  return { ...router, createCaller } as unknown as OpenApiRouter;
}

/** REST at the documented `/api/...` paths: the same procedures as tRPC, no second implementation. */
export function createRestHandler(
  router: AnyTRPCRouter,
  createContext: (opts: { req: IncomingMessage }) => Context,
  maxBodySize: number,
) {
  const statuses = successStatusByPath(router);
  const problems = new WeakMap<Context, string>();
  const handler = createOpenApiNodeHttpHandler({
    router: restView(router, problems),
    createContext: (opts: { req: IncomingMessage }) => {
      const ctx = createContext(opts);
      // The library has parsed the body by now: the request holds it.
      const problem = bodyProblem(opts.req);
      if (problem) problems.set(ctx, problem);
      return ctx;
    },
    maxBodySize,
    responseMeta: ({ paths, errors }) => {
      if (errors.length > 0) return { headers: retryAfterHeader(errors) };
      const status = paths?.[0] ? statuses.get(paths[0]) : undefined;
      return status ? { status } : {};
    },
  });
  return (req: IncomingMessage, res: ServerResponse) => {
    normalizeBody(req);
    parseQuery(req);
    req.url = (req.url ?? '').slice(apiBase.length) || '/';
    return handler(req, res);
  };
}
