import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, Headers, Response, fetch, type RequestInit } from 'undici';
import { findBlockedRange, isIpLiteral, stripBrackets } from './address-policy.js';

export type EgressFailure = 'blocked_address' | 'unreachable' | 'timeout' | 'invalid_url' | 'too_many_redirects';

const MESSAGES: Record<EgressFailure, (host: string, detail: string) => string> = {
  blocked_address: (host, detail) => `Refusing to connect to ${host}: ${detail}`,
  unreachable: (host, detail) => `Cannot reach ${host}: ${detail}`,
  timeout: (host, detail) => `${host} ${detail}`,
  invalid_url: (host, detail) => `Invalid URL${host === '' ? '' : ` for ${host}`}: ${detail}`,
  too_many_redirects: (host, detail) => `Too many redirects from ${host}: ${detail}`,
};

/** Why an outgoing request was not made or not answered; messages name the host, never credentials. */
export class EgressError extends Error {
  override readonly name = 'EgressError';

  constructor(
    readonly reason: EgressFailure,
    /** The host as written in the URL (no user info, no path); empty when the URL did not parse. */
    readonly host: string,
    /** A short account of what went wrong, without the host. */
    readonly detail: string,
  ) {
    super(MESSAGES[reason](host, detail));
  }
}

export interface GuardedFetchOptions {
  /** Dial loopback, private, link-local, ... addresses and plain http too (only for operator-trusted URLs). */
  allowPrivate: boolean;
  /** Covers the whole exchange: every hop, and reading the answer. */
  timeoutMs: number;
  maxRedirects?: number;
  /** Answers larger than this fail as unreachable rather than filling memory. */
  maxBodyBytes?: number;
  /** Hostnames exempt from the address policy (an operator allowlist; tests use it too). */
  allowPrivateFor?: (hostname: string) => boolean;
}

/** A fetch whose answer is already read in full (at most maxBodyBytes). */
export type GuardedFetch = (url: string, init?: RequestInit) => Promise<Response>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Creates a fetch for user-supplied hosts that refuses non-public addresses, also after DNS and redirects. */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const maxRedirects = options.maxRedirects ?? 3;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const isExempt = (hostname: string) => options.allowPrivate || (options.allowPrivateFor?.(hostname) ?? false);
  const dispatcher = new Agent({ connect: { lookup: createGuardedLookup(isExempt) } });

  return async (url, init = {}) => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const fail = (error: unknown, host: string) => {
      if (error instanceof EgressError) return error;
      // The connect-time lookup knows only the hostname; name the host as the URL does.
      if (error instanceof Error && error.cause instanceof EgressError)
        return new EgressError(error.cause.reason, host, error.cause.detail);
      if (timeout.aborted)
        return new EgressError('timeout', host, `did not answer within ${formatSeconds(options.timeoutMs)}`);
      if (signal.aborted) return error; // the caller's own abort is not an egress failure
      return new EgressError('unreachable', host, describeCause(error));
    };
    let target = parseTarget(url);
    let hopInit: RequestInit = { ...init, headers: new Headers(init.headers), signal, redirect: 'manual', dispatcher };
    for (let hop = 0; ; hop += 1) {
      checkDestination(target, isExempt);
      try {
        const response = await fetch(target, hopInit);
        const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
        if (location === null) return await readFully(response, maxBodyBytes, target.host);
        await response.body?.cancel();
        if (hop >= maxRedirects) {
          throw new EgressError('too_many_redirects', target.host, `more than ${maxRedirects}`);
        }
        const next = parseTarget(location, target);
        hopInit = followRedirect(hopInit, response.status, target, next);
        target = next;
      } catch (error) {
        throw fail(error, target.host);
      }
    }
  };
}

/**
 * Refuses a hop before dialling: only http(s), IP literals must be public (names are checked at
 * connect), and plain http only where private egress is allowed (or the host is exempt).
 */
export function checkDestination(target: URL, isExempt: (hostname: string) => boolean): void {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new EgressError('invalid_url', target.host, `only http and https are allowed, not ${target.protocol}`);
  }
  if (isExempt(target.hostname)) return;
  const range = isIpLiteral(target.hostname) ? findBlockedRange(target.hostname) : undefined;
  if (range !== undefined) {
    throw new EgressError('blocked_address', target.host, `${stripBrackets(target.hostname)} is a ${range} address`);
  }
  // A credential sent in plain text can be read or redirected by anyone on the way.
  if (target.protocol === 'http:') {
    throw new EgressError(
      'blocked_address',
      target.host,
      'plain http is not allowed, use https (OCORE_ALLOW_PRIVATE_EGRESS=1 allows it)',
    );
  }
}

/** A DNS lookup for the connection that fails when any address of a non-exempt name is not public. */
export function createGuardedLookup(isExempt: (hostname: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const first = addresses[0];
      if (first === undefined)
        return callback(new EgressError('unreachable', hostname, 'the name has no address'), '', 0);
      const blocked = isExempt(hostname) ? undefined : addresses.find((a) => findBlockedRange(a.address) !== undefined);
      if (blocked !== undefined) {
        // Which internal address a name has is itself worth knowing to a prober: not said.
        const detail = 'it resolves to a non-public address';
        return callback(new EgressError('blocked_address', hostname, detail), '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}

function parseTarget(url: string, base?: URL): URL {
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    throw new EgressError('invalid_url', base?.host ?? '', 'not a valid URL');
  }
  if (target.username !== '' || target.password !== '') {
    throw new EgressError('invalid_url', target.host, 'credentials in the URL are not allowed');
  }
  return target;
}

/** Rewrites the request for the next hop as browsers do, dropping credentials on a change of origin. */
function followRedirect(init: RequestInit, status: number, from: URL, to: URL): RequestInit {
  const headers = new Headers(init.headers);
  const isUpgrade =
    from.protocol === 'http:' && to.protocol === 'https:' && from.hostname === to.hostname && to.port === '';
  if (from.origin !== to.origin && !isUpgrade) CREDENTIAL_HEADERS.forEach((name) => headers.delete(name));
  const method = (init.method ?? 'GET').toUpperCase();
  if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    ['content-type', 'content-length', 'content-encoding'].forEach((name) => headers.delete(name));
    return { ...init, method: 'GET', body: undefined, headers };
  }
  return { ...init, headers };
}

async function readFully(response: Response, maxBytes: number, host: string): Promise<Response> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream: AsyncIterable<Uint8Array> | null = response.body;
  for await (const chunk of stream ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new EgressError('unreachable', host, `the answer is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const body = NULL_BODY_STATUSES.has(response.status) ? null : Buffer.concat(chunks);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string')
    return code === 'ENOTFOUND' ? 'the name does not resolve' : `connection failed (${code})`;
  return cause instanceof Error ? cause.message : 'connection failed';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
