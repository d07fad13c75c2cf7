import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config/config.js';
import type { AppDeps } from '../trpc/context.js';
import { requestHost } from '../trpc/context.js';

function originUrl(origin: string): URL | undefined {
  try {
    return new URL(origin);
  } catch {
    return undefined;
  }
}

/**
 * Which pages may open a WebSocket to this server (checked on the upgrade, as browsers do not
 * apply the same-origin policy to WebSockets): the dashboard itself (the Origin's host is the
 * Host the request was sent to), the configured public origin (`OCORE_WEBAUTHN_ORIGIN`), and
 * the portal domains of the organizations (a verified custom domain or a portal subdomain). A
 * request without `Origin` is no browser's (the CLI, scripts) and holds its token itself.
 * `Origin: null` (a sandboxed frame, a file) and every other site are refused.
 */
export function originPolicy(deps: Pick<AppDeps, 'portalContexts'>, config: Pick<Config, 'trustProxy' | 'webauthn'>) {
  const configured = config.webauthn.origin ? originUrl(config.webauthn.origin)?.origin : undefined;
  return async (req: IncomingMessage): Promise<boolean> => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const url = originUrl(origin);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
    const host = requestHost(req, config.trustProxy)?.toLowerCase();
    if (host && url.host === host) return true;
    if (configured && url.origin === configured) return true;
    return (await deps.portalContexts.resolve(url.host).catch(() => undefined)) !== undefined;
  };
}

/** Answers an upgrade request with an HTTP error and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ message, code: 'FORBIDDEN', error: 'FORBIDDEN' });
  socket.end(
    `HTTP/1.1 ${status} Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * A Host header as browsers send it: a DNS name, an IPv4 address or a bracketed IPv6 one, and
 * an optional port. User info (`a@b`), paths, spaces and out-of-range ports are refused with
 * 400 before any code reads the Host (portal lookup, passkey relying party), where they made
 * 500s. A request without one (HTTP/1.0) is let through.
 */
export function isValidHost(host: string | null): boolean {
  if (host === null) return true;
  const match =
    /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?)(?::(\d{1,5}))?$/i.exec(
      host,
    );
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65_535);
}
