import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Whether the lookup asked for every address, as the guarded fetch's connection does. */
const wantsAll = (options: LookupOptions | number | undefined) => typeof options === 'object' && options.all === true;

/**
 * Points `dns.lookup` (the system resolver every connection uses) at a DNS server of the
 * test's own for names under `suffix`: the egress guard takes no resolver of its own, so this
 * is how a name that resolves to a private address reaches it. Other names resolve as before.
 * `queried` counts the lookups of each name. Returns the function that restores the resolver.
 */
export function routeNamesTo(server: string, suffix: string, queried: Map<string, number>): () => void {
  const original = dns.lookup;
  const resolver = new dns.promises.Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([server]);
  const both = async (hostname: string): Promise<LookupAddress[]> => {
    const settle = async (family: 4 | 6) => {
      const found = await (family === 4 ? resolver.resolve4(hostname) : resolver.resolve6(hostname)).catch(
        () => [] as string[],
      );
      return found.map((address) => ({ address, family }));
    };
    return [...(await settle(4)), ...(await settle(6))];
  };
  const patched = (
    hostname: string,
    options: LookupOptions | number | LookupCallback,
    callback?: LookupCallback,
  ): void => {
    const done = (typeof options === 'function' ? options : callback)!;
    const opts = typeof options === 'function' ? undefined : options;
    if (!hostname.endsWith(suffix)) return void (original as (...args: unknown[]) => void)(hostname, opts ?? {}, done);
    queried.set(hostname, (queried.get(hostname) ?? 0) + 1);
    void both(hostname).then((addresses) => {
      if (addresses.length === 0)
        return done(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (wantsAll(opts)) return done(null, addresses);
      done(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  Object.assign(dns, { lookup: patched });
  syncBuiltinESMExports();
  return () => {
    Object.assign(dns, { lookup: original });
    syncBuiltinESMExports();
  };
}
