import type { PointingRecord, PortalDomain } from '@ocore/core';

/** What the last DNS check of a custom domain found. */
export type DomainDiagnostics = NonNullable<PortalDomain['diagnostics']>;

export type PointingTarget = PointingRecord;

/** The records that make a custom domain point at this platform: a CNAME, or A/AAAA records. */
export function pointingTargets(diagnostics: DomainDiagnostics): PointingTarget[] {
  const { cname, addresses } = diagnostics.pointing.expected;
  return [
    ...(cname ? [{ type: 'CNAME' as const, value: cname }] : []),
    ...addresses.map((ip) => ({ type: ip.includes(':') ? ('AAAA' as const) : ('A' as const), value: ip })),
  ];
}

/** The platform's portal domain, as the checks name it (the CNAME target), once one ran. */
export function baseDomainOf(domains: readonly PortalDomain[]): string | undefined {
  return domains.find((d) => d.diagnostics?.pointing.expected.cname)?.diagnostics?.pointing.expected.cname ?? undefined;
}
