import type { PortalDomain, PointingFinding, SslStatus, TxtFinding } from '@ocore/core';
import type { BadgeTone } from '../../../components/badge';

export interface BadgeLook {
  label: string;
  tone: BadgeTone;
}

const dnsLooks: Record<PortalDomain['status'], BadgeLook> = {
  pending: { label: 'pending', tone: 'warning' },
  verified: { label: 'verified', tone: 'success' },
  misconfigured: { label: 'misconfigured', tone: 'danger' },
  inactive: { label: 'inactive', tone: 'danger' },
};

const sslLooks: Record<SslStatus, BadgeLook> = {
  none: { label: 'none', tone: 'neutral' },
  pending_validation: { label: 'validating', tone: 'accent' },
  pending_issuance: { label: 'issuing', tone: 'accent' },
  active: { label: 'active', tone: 'success' },
  failed: { label: 'failed', tone: 'danger' },
};

/** The DNS badge: pending, verified, misconfigured or inactive. */
export function dnsLook(domain: PortalDomain): BadgeLook {
  return dnsLooks[domain.status];
}

/** The SSL badge: none, validating, issuing, active or failed. */
export function sslLook(domain: PortalDomain): BadgeLook {
  return sslLooks[domain.sslStatus];
}

/** How a domain is named: its custom domain, else its subdomain. */
export function domainName(domain: PortalDomain, baseDomain?: string): string {
  if (domain.customDomain) return domain.customDomain;
  return baseDomain ? `${domain.subdomain}.${baseDomain}` : (domain.subdomain ?? domain.id);
}

export const txtLooks: Record<TxtFinding, BadgeLook> = {
  found: { label: 'found', tone: 'success' },
  wrong_value: { label: 'wrong value', tone: 'danger' },
  no_record: { label: 'missing', tone: 'warning' },
  nxdomain: { label: 'missing', tone: 'warning' },
  timeout: { label: 'timed out', tone: 'warning' },
  error: { label: 'lookup failed', tone: 'danger' },
};

export const pointingLooks: Record<PointingFinding, BadgeLook> = {
  cname: { label: 'points here', tone: 'success' },
  address: { label: 'points here', tone: 'success' },
  not_configured: { label: 'not checked', tone: 'neutral' },
  not_pointing: { label: 'elsewhere', tone: 'warning' },
  timeout: { label: 'timed out', tone: 'warning' },
  error: { label: 'lookup failed', tone: 'danger' },
};

const dateOf = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** What the SSL state means for this domain, in a sentence, and what happens next. */
export function sslExplanation(domain: PortalDomain): string {
  switch (domain.sslStatus) {
    case 'none':
      return domain.customDomain
        ? domain.isActive
          ? 'No certificate yet: one is ordered from the certificate authority shortly.'
          : 'No certificate yet: one is ordered once the DNS record proves the domain is yours.'
        : 'Served with the platform’s own certificate for its portal domain.';
    case 'pending_validation':
      return 'The certificate authority is checking that this domain points here.';
    case 'pending_issuance':
      return 'The domain passed the authority’s check; the certificate is being issued.';
    case 'active':
      return domain.certificateExpiresAt
        ? `Served over HTTPS. The certificate expires on ${dateOf(domain.certificateExpiresAt)} and is renewed 30 days before.`
        : 'Served over HTTPS.';
    case 'failed':
      return `The last certificate order failed${domain.sslError ? `: ${domain.sslError}` : ''}.${
        domain.sslRetryAt ? ` It is tried again on ${new Date(domain.sslRetryAt).toUTCString()}.` : ''
      }`;
  }
}
