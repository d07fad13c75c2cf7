import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { Loading, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { AgencyPage } from '../../features/agency/components/agency-page';
import { PortalConfigForm } from '../../features/agency/components/portal-config-form';

export function AgencyPortalPage() {
  const trpc = useTRPC();
  const me = useMe();
  const config = useQuery(trpc.agency.getPortalConfig.queryOptions());
  const canManage = hasPermission(me.data, 'manage:agency');

  return (
    <AgencyPage
      title="Client portal"
      description="What your clients can do themselves. Turned-off features disappear from their portal; you can still do it for them."
    >
      {config.isPending ? <Loading what="the portal configuration" /> : null}
      {config.isError ? <Alert>{messageOf(config.error)}</Alert> : null}
      {config.data ? (
        <Section title="Features and visibility">
          {canManage ? null : (
            <Alert tone="info">
              You can see the configuration; changing it needs the <code>manage:agency</code> permission.
            </Alert>
          )}
          <PortalConfigForm key={config.data.id} config={config.data} readOnly={!canManage} />
        </Section>
      ) : null}
    </AgencyPage>
  );
}
