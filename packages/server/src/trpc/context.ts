import type { IncomingMessage } from 'node:http';
import { authenticate } from '@ocore/core';
import { markAuthenticated } from './socket-auth.js';
import { WebSocket } from 'ws';
import type {
  Actor,
  AuthDeps,
  BackupDeps,
  CloneDeps,
  BrandingDeps,
  CertificateDeps,
  DeployDeps,
  DomainDeps,
  DrDeps,
  InstanceDeps,
  InstanceDomainDeps,
  MonitoringDeps,
  NotificationDeps,
  PasskeyDeps,
  Principal,
  ProbeDeps,
  TerminalDeps,
  InstanceLogDeps,
  ScheduleTimingDeps,
} from '@ocore/core';
import type { TransportLimits } from '../config/config.js';
import type { Db } from '../db/create-db.js';
import type { RequestLimits } from '../http/rate-limits.js';
import type { EventBus } from '../events/event-bus.js';
import type { PortalContextCache } from '../portal/portal-context.cache.js';
import type { Logger } from '../logger.js';
import type { MailTransport } from '../mail/mail-transport.js';

/** Everything the routers may reach; built once per process in app.ts. */
export interface AppDeps
  extends
    AuthDeps,
    DrDeps,
    BrandingDeps,
    DomainDeps,
    CertificateDeps,
    ProbeDeps,
    DeployDeps,
    PasskeyDeps,
    InstanceDeps,
    MonitoringDeps,
    BackupDeps,
    TerminalDeps,
    ScheduleTimingDeps,
    CloneDeps,
    InstanceDomainDeps,
    NotificationDeps,
    InstanceLogDeps {
  /** Configured passkey relying party (OCORE_WEBAUTHN_*); unset parts come from the request. */
  relyingParty: { rpId: string | undefined; origin: string | undefined };
  /** Limits on sign-up, passkey ceremonies, verifications and integration checks. */
  limits: RequestLimits;
  /** Bounds on streams, replays, batches and unauthenticated sockets (config `transport`). */
  transport: TransportLimits;
  /** Portal subdomains live under this domain (OCORE_PORTAL_BASE_DOMAIN). */
  portalBaseDomain: string | undefined;
  bus: EventBus;
  /** The public portal context by Host, cached on PGlite (see portal-context.cache.ts). */
  portalContexts: PortalContextCache;
  database: Db;
  log: Logger;
  /** The dashboard's origin for links in mail (OCORE_PUBLIC_URL, else where this server listens). */
  publicUrl: string;
  /** Where queued mail is finally handed (SMTP, or the data folder); the mailer queues to it. */
  mailTransport: MailTransport;
}

export interface Context {
  deps: AppDeps;
  /** The bearer token of the request or of the WebSocket connection. */
  token: string | null;
  ip: string | null;
  /** The Host the request was sent to (X-Forwarded-Host behind a trusted proxy). */
  host: string | null;
  /** How the request reached us (X-Forwarded-Proto behind a trusted proxy). */
  protocol: 'http' | 'https';
  principal?: Principal;
  actor?: Actor | null;
  /**
   * The connection's WebSocket, for a call that came over one. Always present, so that every
   * context has the same shape (one hidden class for ten thousand connections).
   */
  socket: WebSocket | undefined;
}

/**
 * The bearer token of an Authorization header: `Bearer <token>`, or the token alone, as the
 * API reference's curl examples send it (`-H "Authorization: <token>"`). Another scheme
 * (`Basic …`) is no token.
 */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^(?:Bearer\s+)?(\S+)\s*$/i);
  if (match?.[1]?.toLowerCase() === 'bearer') return null;
  return match?.[1] ?? null;
}

/** The caller's address: the socket's, or the first forwarded one behind a trusted proxy. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]?.trim() || null;
  return req.socket.remoteAddress ?? null;
}

/** The Host a request was sent to. */
export function requestHost(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = req.headers['x-forwarded-host'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]?.trim() || null;
  return req.headers.host ?? null;
}

/** The scheme a request was sent with. */
export function requestProtocol(req: IncomingMessage, trustProxy: boolean): 'http' | 'https' {
  const forwarded = req.headers['x-forwarded-proto'];
  if (trustProxy && typeof forwarded === 'string')
    return forwarded.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
}

/** The context of one HTTP request or one WebSocket connection. */
export function createContextFactory(deps: AppDeps, trustProxy: boolean) {
  return ({
    req,
    res,
    info,
  }: {
    req: IncomingMessage;
    res?: unknown;
    info?: { connectionParams?: Record<string, string | undefined> | null };
  }): Context => {
    const fromParams = info?.connectionParams?.['token'];
    const socket = res instanceof WebSocket ? res : undefined;
    // A connection's token is checked as soon as it arrives, once: the connection stays open
    // however long its first calls wait behind others (a loaded server took more than the
    // grace to reach them, closed the connection, and its subscriptions started over).
    if (socket && typeof fromParams === 'string')
      void authenticate(deps, fromParams, clientIp(req, trustProxy)).then(
        () => markAuthenticated(socket),
        () => undefined,
      );
    // The same properties, in the same order, for every context: a property spread in only
    // for WebSockets gave each connection's context a hidden class of its own (about 1 KB of
    // heap per connection, with ten thousand live subscriptions).
    return {
      socket,
      deps,
      token: bearerToken(req.headers.authorization) ?? (typeof fromParams === 'string' ? fromParams : null),
      ip: clientIp(req, trustProxy),
      host: requestHost(req, trustProxy),
      protocol: requestProtocol(req, trustProxy),
    };
  };
}
