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
    req.url = req.url!.slice(apiBase.length) || '/';
    return handler(req, res);
  };
}
