import { Alert } from '../../components/alert';
import { Loading, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { hasPermission, useMe } from '../../lib/use-me';
import { AgencyPage } from '../../features/agency/components/agency-page';
import { LiveIndicator } from '../../components/live-indicator';
import { useClientOptions } from '../../features/portal-domains/api/use-client-options';
import { usePortalDomainEvents } from '../../features/portal-domains/api/use-portal-domain-events';
import { usePortalDomains } from '../../features/portal-domains/api/use-portal-domains';
import { CreateDomainForm } from '../../features/portal-domains/components/create-domain-form';
import { DomainList } from '../../features/portal-domains/components/domain-list';
import { baseDomainOf } from '../../features/portal-domains/utils/diagnostics';

export function AgencyDomainsPage() {
  const me = useMe();
  const domains = usePortalDomains();
  const clients = useClientOptions();
  const live = usePortalDomainEvents();
  const canManage = hasPermission(me.data, 'manage:agency');
  const clientItems = clients.data?.items ?? [];
  const clientNames = new Map(clientItems.map((c) => [c.id, c.name]));
  const baseDomain = domains.data?.platform.baseDomain ?? baseDomainOf(domains.data?.items ?? []);
  const total = domains.data?.total;

  return (
    <AgencyPage
      title="Portal domains"
      description="Where your clients open their portal: a subdomain of the platform’s portal domain, or a domain of their own."
    >
      <Section
        title={total === undefined ? 'Domains' : `Domains (${total})`}
        description={
          <span className="section-live">
            DNS checks and certificates update here as they happen.{' '}
            <LiveIndicator status={live} topic="Domain status" />
          </span>
        }
      >
        {domains.isPending ? <Loading what="portal domains" /> : null}
        {domains.isError ? <Alert>{messageOf(domains.error)}</Alert> : null}
        {domains.data ? (
          <DomainList
            domains={domains.data.items}
            clientNames={clientNames}
            baseDomain={baseDomain}
            pointing={domains.data.platform.pointing}
            canManage={canManage}
          />
        ) : null}
      </Section>
      <Section title="Add a domain">
        {canManage ? (
          <CreateDomainForm clients={clientItems} baseDomain={baseDomain} />
        ) : (
          <p className="muted">
            Adding, verifying and deleting domains needs the <code>manage:agency</code> permission. Ask an Owner or
            Admin.
          </p>
        )}
      </Section>
    </AgencyPage>
  );
}
