import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { createOpenApiNodeHttpHandler, generateOpenApiDocument, type OpenApiRouter } from 'trpc-to-openapi';
import type { Context } from '../trpc/context.js';
import { retryAfterHeader, successStatusByPath } from './response-meta.js';

export const apiBase = '/api';

/** The OpenAPI 3.1 document of every REST operation. */
export function createOpenApiDocument(router: AnyTRPCRouter) {
  return generateOpenApiDocument(router as OpenApiRouter, {
    title: 'oCore Agency API',
    version: '1.0.0',
    baseUrl: apiBase,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  });
}

/**
 * The library parses a body only when Content-Type is exactly application/json, and refuses
 * a POST without one. The documented curls send bodyless POSTs and charset suffixes, so
 * both are normalized here.
 */
function normalizeContentType(req: IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type === undefined) {
    if (req.method !== 'GET' && req.method !== 'HEAD') req.headers['content-type'] = 'application/json';
  } else if (/^application\/json\s*(;|$)/i.test(type)) {
    req.headers['content-type'] = 'application/json';
  }
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

/** REST at the documented `/api/...` paths: the same procedures as tRPC, no second implementation. */
export function createRestHandler(
  router: AnyTRPCRouter,
  createContext: (opts: { req: IncomingMessage }) => Context,
  maxBodySize: number,
) {
  const statuses = successStatusByPath(router);
  const handler = createOpenApiNodeHttpHandler({
    router: router as OpenApiRouter,
    createContext,
    maxBodySize,
    responseMeta: ({ paths, errors }) => {
      if (errors.length > 0) return { headers: retryAfterHeader(errors) };
      const status = paths?.[0] ? statuses.get(paths[0]) : undefined;
      return status ? { status } : {};
    },
  });
  return (req: IncomingMessage, res: ServerResponse) => {
    normalizeContentType(req);
    parseQuery(req);
    req.url = req.url!.slice(apiBase.length) || '/';
    return handler(req, res);
  };
}
