export type DnsFailure = 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'error';

export type DnsAnswer = { ok: true; records: string[] } | { ok: false; failure: DnsFailure; message: string };

/** DNS look-ups, answered by the configured resolvers (OCORE_DNS_SERVERS) or the system's. */
export interface DnsResolver {
  /** TXT records, each with its strings joined. */
  txt(name: string): Promise<DnsAnswer>;
  cname(name: string): Promise<DnsAnswer>;
  a(name: string): Promise<DnsAnswer>;
  aaaa(name: string): Promise<DnsAnswer>;
}

/** Where a portal domain must point to be served by this platform. */
export interface PlatformTarget {
  /** A CNAME to this name (or a name under it) points here: OCORE_PORTAL_BASE_DOMAIN. */
  baseDomain: string | undefined;
  /** A/AAAA records with one of these addresses point here: OCORE_PUBLIC_IPS. */
  publicIps: readonly string[];
}
