import type { PointingRecord, PortalDomain } from '@ocore/core';
import { EmptyState } from '../../../components/empty-state';
import { DomainCard } from './domain-card';

export interface DomainListProps {
  domains: readonly PortalDomain[];
  clientNames: ReadonlyMap<string, string>;
  baseDomain: string | undefined;
  pointing: readonly PointingRecord[];
  canManage: boolean;
}

export function DomainList({ domains, clientNames, baseDomain, pointing, canManage }: DomainListProps) {
  if (domains.length === 0) {
    return (
      <EmptyState title="No portal domains yet">
        <p>
          A portal domain is the address your clients open their portal at, in your brand: a subdomain of the platform’s
          portal domain (active at once), or a domain of your own or the client’s, such as <code>erp.client.com</code>,
          which becomes active once its DNS record proves it is yours.
        </p>
        <p>
          {canManage
            ? 'Add one with the form below, for a client or for the agency itself.'
            : 'An Owner or Admin of the agency adds them here.'}
        </p>
      </EmptyState>
    );
  }
  return (
    <ul className="domain-list">
      {domains.map((domain) => (
        <li key={domain.id}>
          <DomainCard
            domain={domain}
            clientName={domain.clientOrgId ? clientNames.get(domain.clientOrgId) : undefined}
            baseDomain={baseDomain}
            pointing={pointing}
            canManage={canManage}
          />
        </li>
      ))}
    </ul>
  );
}
