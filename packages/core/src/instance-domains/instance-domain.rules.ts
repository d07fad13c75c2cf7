import type { PlatformTarget } from '../portal-domains/dns.ports.js';
import { verificationRecordName } from '../portal-domains/portal-domain.rules.js';
import type { InstanceDomainRecord } from './instance-domain.ports.js';
import type { DnsRecordToAdd, InstanceDomain } from './instance-domain.schema.js';

/** Where an instance's custom domain must point: a CNAME to its hostname, or A/AAAA to its server. */
export interface DomainTarget {
  /** `<slug>.<OCORE_INSTANCE_BASE_DOMAIN>`, or null without a base domain. */
  hostname: string | null;
  /** The server's address when it is given as one (a name has no address of our own to show). */
  addresses: string[];
}

const ipv4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

/** The target of an instance on a server whose SSH host is `serverHost`. */
export function domainTarget(hostname: string | null, serverHost: string | undefined): DomainTarget {
  const host = serverHost?.replace(/^\[|\]$/g, '');
  const isAddress = Boolean(host && (ipv4.test(host) || host.includes(':')));
  return { hostname, addresses: isAddress && host ? [host] : [] };
}

/** The same target in the terms of the DNS check shared with portal domains. */
export function pointingTarget(target: DomainTarget): PlatformTarget {
  return { baseDomain: target.hostname ?? undefined, publicIps: target.addresses };
}

/** The records to add for `domain`: the ownership TXT, then each way of pointing it here. */
export function recordsToAdd(domain: string, token: string, target: DomainTarget): DnsRecordToAdd[] {
  const records: DnsRecordToAdd[] = [
    { type: 'TXT', name: verificationRecordName(domain), value: token, purpose: 'ownership' },
  ];
  if (target.hostname) records.push({ type: 'CNAME', name: domain, value: target.hostname, purpose: 'routing' });
  for (const address of target.addresses)
    records.push({ type: address.includes(':') ? 'AAAA' : 'A', name: domain, value: address, purpose: 'routing' });
  return records;
}

/** Published ports of the proxy, for the domain's URL (no port when it is the scheme's default). */
export interface DomainPorts {
  http: number;
  https: number | undefined;
}

/** Where the domain is visited: https once its certificate is active and TLS is published. */
export function domainUrl(domain: string, secure: boolean, ports: DomainPorts): string {
  if (secure && ports.https) return `https://${domain}${ports.https === 443 ? '' : `:${ports.https}`}`;
  return `http://${domain}${ports.http === 80 ? '' : `:${ports.http}`}`;
}

/** A stored domain as the API shows it. */
export function toInstanceDomain(
  record: InstanceDomainRecord,
  target: DomainTarget,
  ports: DomainPorts,
): InstanceDomain {
  const { checkFailures: _f, failingSince: _s, sslFailures: _x, ...shown } = record;
  return {
    ...shown,
    records: recordsToAdd(record.domain, record.dnsVerificationToken, target),
    url: domainUrl(record.domain, record.sslStatus === 'active', ports),
  };
}
