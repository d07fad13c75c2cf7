import { resolvePortalForHost, type CoreDeps, type PortalContext } from '@ocore/core';
import type { EventBus } from '../events/event-bus.js';

/** The public portal context by Host: what every portal visitor's first request asks. */
export interface PortalContextCache {
  resolve(host: string): Promise<PortalContext | undefined>;
  /** Hosts held (served portals and unknown Hosts). */
  size(): number;
  stop(): void;
}

export interface PortalContextCacheOptions {
  baseDomain: string | undefined;
  /** Off: every call reads the database. */
  enabled: boolean;
  maxEntries?: number;
}

/**
 * Keeps the public context of each Host asked for, and drops it on the domain events, which
 * the bus hands to its watchers synchronously, right after the commit:
 * - a served portal is dropped by any event of its agency or of its client (branding,
 *   configuration, names, its domains, deletion, agency mode, and kinds added later);
 * - a Host that serves nothing is dropped by any event at all (a new domain, a verification).
 * A load that was under way when an event came is answered but not kept, so no request that
 * starts after a commit gets what was there before it.
 *
 * Only for a single process (PGlite): on PostgreSQL another process's commit reaches this
 * one a few milliseconds later by NOTIFY, and in between the cache would serve what was.
 */
export function createPortalContextCache(
  deps: Pick<CoreDeps, 'store'>,
  bus: Pick<EventBus, 'watch'>,
  options: PortalContextCacheOptions,
): PortalContextCache {
  const load = async (host: string) => resolvePortalForHost(deps, host, options.baseDomain);
  if (!options.enabled)
    return { resolve: async (host) => (await load(host))?.context, size: () => 0, stop: () => undefined };

  const maxEntries = options.maxEntries ?? 20_000;
  const served = new Map<string, { context: PortalContext; organizationIds: string[] }>();
  const hostsOf = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  let generation = 0;

  const forget = (host: string) => {
    const entry = served.get(host);
    if (!entry) return;
    served.delete(host);
    for (const id of entry.organizationIds) {
      const hosts = hostsOf.get(id);
      hosts?.delete(host);
      if (hosts?.size === 0) hostsOf.delete(id);
    }
  };
  const makeRoom = () => {
    while (served.size + unknown.size >= maxEntries) {
      // The oldest first: Maps and Sets iterate in insertion order.
      const oldUnknown = unknown.values().next();
      const oldServed = served.keys().next();
      if (!oldUnknown.done) unknown.delete(oldUnknown.value);
      else if (!oldServed.done) forget(oldServed.value);
      else break;
    }
  };

  const stop = bus.watch((event) => {
    generation++;
    unknown.clear();
    const hosts = hostsOf.get(event.organizationId);
    if (hosts) for (const host of [...hosts]) forget(host);
  });

  return {
    async resolve(rawHost) {
      const host = rawHost.toLowerCase();
      const hit = served.get(host);
      if (hit) return hit.context;
      if (unknown.has(host)) return undefined;
      const startedAt = generation;
      const resolved = await load(host);
      if (generation !== startedAt) return resolved?.context;
      makeRoom();
      if (!resolved) unknown.add(host);
      else {
        served.set(host, resolved);
        for (const id of resolved.organizationIds) {
          let hosts = hostsOf.get(id);
          if (!hosts) hostsOf.set(id, (hosts = new Set()));
          hosts.add(host);
        }
      }
      return resolved?.context;
    },
    size: () => served.size + unknown.size,
    stop,
  };
}
