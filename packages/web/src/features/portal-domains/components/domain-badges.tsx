import type { PortalDomain } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { dnsLook, sslLook } from '../utils/domain-status';

/** The domain's DNS, SSL and active states, as they change live. */
export function DomainBadges({ domain }: { domain: PortalDomain }) {
  const dns = dnsLook(domain);
  const ssl = sslLook(domain);
  return (
    <ul className="badge-list domain-badges" aria-label="Status">
      <li>
        <Badge tone={dns.tone}>DNS: {dns.label}</Badge>
      </li>
      <li>
        <Badge tone={ssl.tone} title={domain.sslError ?? undefined}>
          SSL: {ssl.label}
        </Badge>
      </li>
      <li>
        <Badge tone={domain.isActive ? 'success' : 'neutral'}>{domain.isActive ? 'Active' : 'Not active'}</Badge>
      </li>
    </ul>
  );
}
