import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { ButtonLink } from '../../components/button';
import { Loading, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { AgencyPage } from '../../features/agency/components/agency-page';
import { OverviewStats } from '../../features/agency/components/overview-stats';

export function AgencyOverviewPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.agency.overview.queryOptions());

  return (
    <AgencyPage title="Agency" description="Your clients’ organizations and the portal they sign in to.">
      {overview.isPending ? <Loading what="the overview" /> : null}
      {overview.isError ? <Alert>{messageOf(overview.error)}</Alert> : null}
      {overview.data ? <OverviewStats overview={overview.data} /> : null}
      <Section title="Next steps">
        <ul className="next-steps">
          <li>
            <span>Create an organization for each client, and step into it to set it up for them.</span>
            <ButtonLink to="/agency/clients" variant="secondary" size="sm">
              Clients
            </ButtonLink>
          </li>
          <li>
            <span>Give the client portal your logo, colors, font and footer.</span>
            <ButtonLink to="/agency/branding" variant="secondary" size="sm">
              Branding
            </ButtonLink>
          </li>
          <li>
            <span>Choose which features your clients see in their portal.</span>
            <ButtonLink to="/agency/portal" variant="secondary" size="sm">
              Client portal
            </ButtonLink>
          </li>
          <li>
            <span>Serve the portal at your clients’ own domains, with DNS checks and certificates.</span>
            <ButtonLink to="/agency/domains" variant="secondary" size="sm">
              Portal domains
            </ButtonLink>
          </li>
        </ul>
      </Section>
    </AgencyPage>
  );
}
