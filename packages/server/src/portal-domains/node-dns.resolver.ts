import { Resolver } from 'node:dns/promises';
import type { DnsAnswer, DnsFailure, DnsResolver } from '@ocore/core';

const failures: Record<string, DnsFailure> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  ECONNREFUSED: 'refused',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
};

async function answer(lookup: () => Promise<string[]>): Promise<DnsAnswer> {
  try {
    return { ok: true, records: await lookup() };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    return {
      ok: false,
      failure: failures[code] ?? 'error',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * DNS look-ups through node:dns, against `servers` (host:port) when given, else the
 * system's resolvers; each look-up gives up after `timeoutMs`.
 */
export function createNodeDnsResolver(servers: readonly string[], timeoutMs = 5000): DnsResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length) resolver.setServers([...servers]);
  return {
    txt: (name) => answer(async () => (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''))),
    cname: (name) => answer(() => resolver.resolveCname(name)),
    a: (name) => answer(() => resolver.resolve4(name)),
    aaaa: (name) => answer(() => resolver.resolve6(name)),
  };
}
