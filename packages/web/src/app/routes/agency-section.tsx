import { useQuery } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import { Alert } from '../../components/alert';
import { EmptyState } from '../../components/empty-state';
import { Loading, Page } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { EnableAgency } from '../../features/agency/components/enable-agency';

function ClientOrgNotice() {
  return (
    <Page title="Agency">
      <EmptyState title="This is a client organization">
        <p>
          It is run by an agency, so it cannot be an agency itself. Clients, branding and the client portal are managed
          in the agency’s organization: pick it in the switcher at the top.
        </p>
      </EmptyState>
    </Page>
  );
}

function NotAllowed() {
  return (
    <Page title="Agency">
      <EmptyState title="The agency section needs the view:agency permission">
        Ask an Owner or Admin of this organization if you need to see its clients and portal settings.
      </EmptyState>
    </Page>
  );
}

/** The agency pages, once agency mode is on; before that, what it is and how to turn it on. */
export function AgencySection() {
  const trpc = useTRPC();
  const me = useMe();
  const canView = hasPermission(me.data, 'view:agency');
  const isClientOrg = Boolean(me.data?.organization?.parentOrganizationId);
  const overview = useQuery(trpc.agency.overview.queryOptions(undefined, { enabled: canView && !isClientOrg }));

  if (me.isPending) return <Loading what="the agency" />;
  if (!canView) return <NotAllowed />;
  if (isClientOrg) return <ClientOrgNotice />;
  if (overview.isPending) return <Loading what="the agency" />;
  if (overview.isError) return <Alert>{messageOf(overview.error)}</Alert>;
  if (!overview.data.enabled) {
    return (
      <Page title="Agency" description="Run your clients’ organizations and their branded portal from here.">
        <EnableAgency canManage={hasPermission(me.data, 'manage:agency')} />
      </Page>
    );
  }
  return <Outlet />;
}
