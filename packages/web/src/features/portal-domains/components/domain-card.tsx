import type { PointingRecord, PortalDomain } from '@ocore/core';
import { useId } from 'react';
import { domainName, sslExplanation } from '../utils/domain-status';
import { CheckSummary } from './check-summary';
import { DeleteDomainButton } from './delete-domain-button';
import { DnsRecordPanel } from './dns-record-panel';
import { DomainBadges } from './domain-badges';
import { VerifyButton } from './verify-button';

export interface DomainCardProps {
  domain: PortalDomain;
  /** The client whose portal this is; undefined for the agency's own portal. */
  clientName: string | undefined;
  baseDomain: string | undefined;
  /** Where the platform serves portals: the records to add, known before the first check. */
  pointing: readonly PointingRecord[];
  canManage: boolean;
}

function servesWhom(domain: PortalDomain, clientName: string | undefined): string {
  if (!domain.clientOrgId) return 'The agency’s own portal';
  return `Portal of ${clientName ?? 'a client'}`;
}

/** One portal domain: its live states, the DNS records it needs, the last check, and its actions. */
export function DomainCard({ domain, clientName, baseDomain, pointing, canManage }: DomainCardProps) {
  const headingId = useId();
  const name = domainName(domain, baseDomain);
  const { diagnostics } = domain;
  const alsoSubdomain =
    domain.customDomain && domain.subdomain ? domainName({ ...domain, customDomain: null }, baseDomain) : null;

  return (
    <article className="domain" aria-labelledby={headingId} data-domain-id={domain.id}>
      <div className="domain-head">
        <div>
          <h3 id={headingId} className="break-word">
            {name}
          </h3>
          <p className="muted">
            {servesWhom(domain, clientName)}
            {alsoSubdomain ? `, also at ${alsoSubdomain}` : ''}
            {domain.isActive && name.includes('.') ? (
              <>
                {' · '}
                <a href={`https://${name}/`} target="_blank" rel="noopener noreferrer">
                  Visit {name}
                </a>
              </>
            ) : null}
          </p>
        </div>
        <DomainBadges domain={domain} />
      </div>
      <p className={domain.sslStatus === 'failed' ? 'field-error ssl-explanation' : 'field-hint ssl-explanation'}>
        {sslExplanation(domain)}
      </p>
      {domain.customDomain ? (
        <>
          <DnsRecordPanel domain={domain} diagnostics={diagnostics} pointing={pointing} />
          <CheckSummary domain={domain} diagnostics={diagnostics} />
        </>
      ) : (
        <p className="muted">A subdomain of the platform’s portal domain needs no DNS record: it is active at once.</p>
      )}
      {canManage ? (
        <div className="domain-actions">
          {domain.customDomain ? <VerifyButton domain={domain} name={name} /> : null}
          <DeleteDomainButton domain={domain} name={name} />
        </div>
      ) : null}
    </article>
  );
}
