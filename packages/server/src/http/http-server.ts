import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { existsSync } from 'node:fs';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { pinoHttp } from 'pino-http';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { Config } from '../config/config.js';
import { appRouter } from '../trpc/app.router.js';
import { BroadcastWebSocket, createWsEncoder } from '../trpc/ws-broadcast.js';
import { retryAfterHeader } from '../trpc/error-map.js';
import { bearerToken, clientIp, createContextFactory, requestHost, type AppDeps } from '../trpc/context.js';
import { createPortalPages } from '../portal/portal-pages.js';
import { findChallengeAnswer } from '../portal-domains/acme.authority.js';
import { hasNoBody } from './request-body.js';
import { sendBody } from './send-body.js';
import { jsonOnce } from '../shared/json-once.js';
import { batchProblem } from '../trpc/request-bounds.js';
import { closeUnlessAuthenticated } from '../trpc/socket-auth.js';
import { isValidHost, originPolicy, refuseUpgrade } from './origin-policy.js';
import { apiBase, createOpenApiDocument, createRestHandler } from './rest.js';
import { createLogsDownload, logsDownloadPattern } from '../instance-logs/logs-download.js';
import { backupDownloadId, sendBackupDownload } from '../backups/backup-download.route.js';
import { backupImportId, receiveBackupImport } from '../backups/import.route.js';
import { terminalSocketPath } from '@ocore/core';
import { createTerminalSocket } from '../terminals/terminal-socket.js';

export interface HttpParts {
  server: Server;
  wss: WebSocketServer;
  /** Serves the same requests and WebSocket upgrades on another server (HTTPS). */
  attach(other: Server | HttpsServer): void;
  /** Stops accepting, ends WebSocket connections, and waits for requests in flight. */
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendBody(res, status, 'application/json', JSON.stringify(body), headers);
}

const challengePrefix = '/.well-known/acme-challenge/';
const portalContextPath = `${apiBase}/portal/context`;

/**
 * The dashboard's and the portals' content policy: scripts and styles only from files of
 * this server (the portal's custom CSS is the sanitized /portal/brand.css), nothing inline;
 * images and fonts also from https and data URLs, as branding may name them.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data: blob:",
  "font-src 'self' https: data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Only the dashboard itself may frame its pages (the branding preview).
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
}

/** One http.Server for REST (/api), tRPC over HTTP and WebSocket (/trpc), health, and the dashboard. */
export function createHttpServer(deps: AppDeps, config: Config): HttpParts {
  const createContext = createContextFactory(deps, config.trustProxy);
  const rest = createRestHandler(appRouter, createContext, config.maxBodyBytes);
  const logsDownload = createLogsDownload(createContext, rest);
  // Made at the first request for it: generating it takes time and memory at start-up.
  let openApiDocument: string | undefined;
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext,
    maxBodySize: config.maxBodyBytes,
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
  });
  const hasWeb = config.webDir !== undefined && existsSync(config.webDir);
  const portalPages = createPortalPages(deps, hasWeb ? config.webDir : undefined, (req) =>
    requestHost(req, config.trustProxy),
  );
  const web = hasWeb ? sirv(config.webDir, { single: true, etag: true, gzip: true }) : undefined;
  const logRequest = pinoHttp({
    logger: deps.log,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, url: req.url?.split('?')[0] }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });

  /**
   * Every portal visitor's first request, answered straight from the portal-context cache
   * when the Host serves a portal: the same body as the procedure's, without the generic
   * REST path (a Fetch Request per call, middlewares, output check). Anything else (an unknown
   * Host, a failure) goes the generic way, which gives the documented errors.
   */
  const answerPortalContext = async (req: IncomingMessage, res: ServerResponse) => {
    const host = requestHost(req, config.trustProxy);
    const context = host ? await deps.portalContexts.resolve(host).catch(() => undefined) : undefined;
    // The cache hands out the same object until an event drops it: its JSON is made once.
    const json = context && jsonOnce(context);
    if (json) return sendBody(res, 200, 'application/json', json);
    return rest(req, res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    logRequest(req, res);
    setSecurityHeaders(res);
    if (!isValidHost(requestHost(req, config.trustProxy))) {
      return sendJson(res, 400, {
        message: 'host: must be a host name or address with an optional port (no user info, path or spaces)',
        code: 'BAD_REQUEST',
        error: 'INVALID_INPUT',
        field: 'host',
      });
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void deps.database
        .isReachable()
        .then((up) =>
          up
            ? sendJson(res, 200, { status: 'ready' })
            : sendJson(res, 503, { status: 'database unreachable' }, { 'Retry-After': '5' }),
        );
      return;
    }
    if (path.startsWith(challengePrefix)) {
      void findChallengeAnswer(deps.database.db, path.slice(challengePrefix.length)).then((answer) => {
        sendBody(res, answer ? 200 : 404, 'text/plain', answer ?? 'Not found');
      });
      return;
    }
    if (path === `${apiBase}/openapi.json`) {
      openApiDocument ??= JSON.stringify(createOpenApiDocument(appRouter));
      return sendBody(res, 200, 'application/json', openApiDocument);
    }
    if (
      path === portalContextPath &&
      req.url === path &&
      req.method === 'GET' &&
      !bearerToken(req.headers.authorization)
    ) {
      return void answerPortalContext(req, res);
    }
    if (req.method === 'GET' && logsDownloadPattern.test(path)) return void logsDownload(req, res);
    const downloadId = backupDownloadId(req.method, path);
    if (downloadId) return void sendBackupDownload(deps, req, res, downloadId, config.trustProxy);
    const importId = backupImportId(req.method, path);
    if (importId) return void receiveBackupImport(deps, req, res, importId, config.trustProxy);
    if (path === apiBase || path.startsWith(`${apiBase}/`)) return void rest(req, res);
    if (path.startsWith('/trpc/')) {
      const oversized = batchProblem(req.url ?? '/', deps.transport);
      if (oversized) return sendJson(res, 400, { error: oversized });
      // tRPC cannot parse an empty body; a mutation without input sends none.
      if (req.method === 'POST' && hasNoBody(req)) Object.assign(req, { body: 'null' });
      return void trpc(req, res);
    }
    void portalPages(req, res, path).then(
      (handled) => {
        if (handled) return;
        if (web) return web(req, res, () => sendJson(res, 404, { message: 'Not found' }));
        sendJson(res, 404, { message: 'Not found: the dashboard is not built (pnpm build)' });
      },
      (error: unknown) => {
        deps.log.error({ err: error }, 'portal page failed');
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      },
    );
  };
  const server = createServer(handle);

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxBodyBytes, WebSocket: BroadcastWebSocket });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    experimental_encoder: createWsEncoder(deps.transport),
  });
  const allowedOrigin = originPolicy(deps, config);
  const terminals = createTerminalSocket(deps);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const isTerminal = (req.url ?? '').split('?')[0] === terminalSocketPath;
    if (!isTerminal && !(req.url ?? '').startsWith('/trpc')) return socket.destroy();
    if (!isValidHost(requestHost(req, config.trustProxy))) return refuseUpgrade(socket, 400, 'host: not a host name');
    void allowedOrigin(req).then((allowed) => {
      if (!allowed)
        return refuseUpgrade(socket, 403, 'Origin not allowed: open the dashboard or a portal of this server');
      if (isTerminal) return terminals.handleUpgrade(req, socket, head, clientIp(req, config.trustProxy));
      wss.handleUpgrade(req, socket, head, (ws) => {
        closeUnlessAuthenticated(ws, deps.transport.wsAuthGraceMs);
        wss.emit('connection', ws, req);
      });
    });
  };
  server.on('upgrade', onUpgrade);
  const servers: (Server | HttpsServer)[] = [server];

  return {
    server,
    wss,
    attach(other) {
      other.on('request', handle);
      other.on('upgrade', onUpgrade);
      servers.push(other);
    },
    close: async () => {
      await terminals.close();
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      return Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeIdleConnections();
            }),
        ),
      ).then(() => undefined);
    },
  };
}
