import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { Loading, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { AgencyPage } from '../../features/agency/components/agency-page';
import { BrandingForm } from '../../features/agency/components/branding-form';

export function AgencyBrandingPage() {
  const trpc = useTRPC();
  const me = useMe();
  const branding = useQuery(trpc.agency.getBranding.queryOptions());
  const canManage = hasPermission(me.data, 'manage:agency');

  return (
    <AgencyPage title="Branding" description="How the client portal looks: your logo, colors, font, footer and CSS.">
      {branding.isPending ? <Loading what="the branding" /> : null}
      {branding.isError ? <Alert>{messageOf(branding.error)}</Alert> : null}
      {branding.data ? (
        <Section title="White label">
          {canManage ? null : (
            <Alert tone="info">
              You can see the branding; changing it needs the <code>manage:agency</code> permission.
            </Alert>
          )}
          <BrandingForm key={branding.data.id} branding={branding.data} readOnly={!canManage} />
        </Section>
      ) : null}
    </AgencyPage>
  );
}
