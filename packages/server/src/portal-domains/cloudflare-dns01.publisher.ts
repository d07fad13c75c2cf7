import type { Dns01Publisher, FetchLike } from './dns01.publishers.js';

/** Cloudflare's API (OCORE_CLOUDFLARE_API_URL overrides it). */
export const cloudflareApiUrl = 'https://api.cloudflare.com/client/v4';

export interface CloudflareOptions {
  apiUrl: string;
  apiToken: string;
  /** The zone's id; found from the record's name (its nearest enclosing zone) when null. */
  zoneId: string | null;
  fetchFn?: FetchLike;
}

type Envelope<T> = { success?: boolean; errors?: { code?: number; message?: string }[]; result?: T };

/**
 * DNS-01 through Cloudflare's API: `present` creates the `_acme-challenge` TXT record in the
 * zone, `cleanup` deletes it. Errors name Cloudflare's reasons, never the token.
 */
export function createCloudflareDns01Publisher(options: CloudflareOptions): Dns01Publisher {
  const base = options.apiUrl.replace(/\/+$/, '');
  const fetchFn = options.fetchFn ?? fetch;
  const created = new Map<string, { zoneId: string; recordId: string }>();

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetchFn(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.apiToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const answer = (await res.json().catch(() => ({}))) as Envelope<T>;
    if (!res.ok || answer.success === false) {
      const reasons = (answer.errors ?? []).map((e) => e.message).filter(Boolean);
      throw new Error(
        `Cloudflare answered HTTP ${res.status} to ${method} ${path.split('?')[0]}` +
          (reasons.length ? `: ${reasons.join('; ')}` : ''),
      );
    }
    return answer.result as T;
  }

  /** The configured zone, or the nearest enclosing zone the token can see. */
  async function zoneFor(name: string): Promise<string> {
    if (options.zoneId) return options.zoneId;
    const labels = name.split('.');
    for (let i = 1; i < labels.length - 1; i++) {
      const candidate = labels.slice(i).join('.');
      const zones = await call<{ id: string }[]>('GET', `/zones?name=${encodeURIComponent(candidate)}`);
      if (zones[0]) return zones[0].id;
    }
    throw new Error(`No Cloudflare zone the token can edit holds ${name}`);
  }

  return {
    async present(fqdn, value) {
      const name = fqdn.replace(/\.$/, '');
      const zoneId = await zoneFor(name);
      const record = await call<{ id: string }>('POST', `/zones/${zoneId}/dns_records`, {
        type: 'TXT',
        name,
        content: value,
        ttl: 60,
      });
      created.set(`${name} ${value}`, { zoneId, recordId: record.id });
    },
    async cleanup(fqdn, value) {
      const name = fqdn.replace(/\.$/, '');
      const known = created.get(`${name} ${value}`);
      created.delete(`${name} ${value}`);
      const zoneId = known?.zoneId ?? (await zoneFor(name));
      const ids = known
        ? [known.recordId]
        : (
            await call<{ id: string }[]>(
              'GET',
              `/zones/${zoneId}/dns_records?type=TXT&name=${encodeURIComponent(name)}&content=${encodeURIComponent(value)}`,
            )
          ).map((r) => r.id);
      for (const id of ids) await call('DELETE', `/zones/${zoneId}/dns_records/${id}`);
    },
  };
}
