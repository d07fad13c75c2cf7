import type { DnsResolver } from '@ocore/core';

/** Publishes DNS-01 TXT records; when there is one, orders use DNS-01 instead of HTTP-01. */
export interface Dns01Publisher {
  present(fqdn: string, value: string): Promise<void>;
  cleanup(fqdn: string, value: string): Promise<void>;
}

/** A fetch: the global one for operator-set URLs, the SSRF-guarded one for an organization's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A DNS-01 publisher speaking lego's "httpreq" protocol: POST {fqdn, value} to
 * `<url>/present` and `<url>/cleanup`, so any DNS setup can be hooked in. `authorization`
 * is the header to send (a bearer token, or basic auth of a username and password).
 */
export function createHttpreqDns01Publisher(
  baseUrl: string,
  authorization: string | undefined,
  fetchFn: FetchLike = fetch,
): Dns01Publisher {
  const call = async (action: 'present' | 'cleanup', fqdn: string, value: string) => {
    const res = await fetchFn(`${baseUrl.replace(/\/+$/, '')}/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body: JSON.stringify({ fqdn, value }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`The DNS-01 hook answered HTTP ${res.status} to ${action} ${fqdn}`);
  };
  return {
    present: (fqdn, value) => call('present', fqdn, value),
    cleanup: (fqdn, value) => call('cleanup', fqdn, value),
  };
}

/** The Authorization header of an httpreq hook: basic with a username, else bearer. */
export function httpreqAuthorization(username: string | null, password: string | undefined): string | undefined {
  if (!password) return undefined;
  return username ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : `Bearer ${password}`;
}

export interface PropagationOptions {
  timeoutMs: number;
  intervalMs: number;
}

/**
 * Waits after `present` until the configured resolvers (OCORE_DNS_SERVERS) answer the TXT
 * value, so the CA is not asked to validate a record that is not out yet.
 */
export function waitingForPropagation(
  publisher: Dns01Publisher,
  dns: DnsResolver,
  options: PropagationOptions,
): Dns01Publisher {
  return {
    async present(fqdn, value) {
      await publisher.present(fqdn, value);
      const name = fqdn.replace(/\.$/, '');
      const until = Date.now() + options.timeoutMs;
      for (;;) {
        const answer = await dns.txt(name);
        if (answer.ok && answer.records.includes(value)) return;
        if (Date.now() > until)
          throw new Error(
            `The TXT record of ${name} did not appear within ${Math.round(options.timeoutMs / 1000)} s` +
              (answer.ok ? '' : ` (${answer.message})`),
          );
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
      }
    },
    cleanup: (fqdn, value) => publisher.cleanup(fqdn, value),
  };
}
