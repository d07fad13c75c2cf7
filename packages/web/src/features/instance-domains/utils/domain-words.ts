import type { InstanceDomain } from '@ocore/core';
import type { BadgeTone } from '../../../components/badge';

const dnsWords: Record<InstanceDomain['status'], { label: string; tone: BadgeTone }> = {
  pending: { label: 'DNS pending', tone: 'warning' },
  verified: { label: 'DNS verified', tone: 'success' },
  misconfigured: { label: 'DNS misconfigured', tone: 'danger' },
  inactive: { label: 'DNS inactive', tone: 'danger' },
};

/** The DNS badge of a domain. */
export function dnsBadge(domain: InstanceDomain) {
  return dnsWords[domain.status];
}

/** What the domain's certificate state means, in a sentence a client understands. */
export function sslSentence(domain: InstanceDomain, tlsAvailable: boolean): string {
  const expires = domain.certificateExpiresAt?.slice(0, 10);
  switch (domain.sslStatus) {
    case 'none':
      if (!tlsAvailable) return 'No certificate: this platform serves instances over http only.';
      return domain.dnsVerified
        ? 'A certificate will be ordered in a moment.'
        : 'A certificate is ordered once the DNS records are verified; until then the domain has no https.';
    case 'pending_validation':
      return 'A certificate is ordered: the certificate authority is checking that the domain reaches this instance.';
    case 'pending_issuance':
      return 'The domain was checked; the certificate is being issued.';
    case 'active':
      return `Secured with https: the certificate is valid until ${expires ?? 'its expiry'} and renews by itself 30 days before.`;
    case 'failed':
      return `The certificate could not be obtained: ${domain.sslError ?? 'no reason given'}.${
        domain.sslRetryAt ? ` It is tried again at ${domain.sslRetryAt.slice(0, 16).replace('T', ' ')} UTC.` : ''
      }`;
  }
}
