import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { ButtonLink } from '../../components/button';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, isOwner, useMe } from '../../lib/use-me';
import { DeleteOrgForm } from '../../features/organizations/components/delete-org-form';
import { EditOrgForm } from '../../features/organizations/components/edit-org-form';
import { OrgDetails } from '../../features/organizations/components/org-details';

export function OrganizationPage() {
  const trpc = useTRPC();
  const me = useMe();
  const org = useQuery(trpc.organizations.current.queryOptions());

  if (org.isPending) return <Loading what="the organization" />;
  if (org.isError) return <Alert>{messageOf(org.error)}</Alert>;

  return (
    <Page
      title={org.data.name}
      description="Your current organization. Everything you do in the dashboard happens inside it."
      actions={
        <ButtonLink to="/organizations/new" variant="secondary">
          New organization
        </ButtonLink>
      }
    >
      <Section title="Details">
        <OrgDetails org={org.data} role={me.data?.role} />
      </Section>
      <Section title="Edit details">
        {hasPermission(me.data, 'manage:org_settings') ? (
          <EditOrgForm key={org.data.id} org={org.data} />
        ) : (
          <p className="muted">
            Changing these details needs the <code>manage:org_settings</code> permission. Ask an Owner or Admin.
          </p>
        )}
      </Section>
      {isOwner(me.data) ? (
        <Section
          title="Delete organization"
          tone="danger"
          description="Deletes the organization with its members, roles and everything it owns. This cannot be undone."
        >
          <DeleteOrgForm key={org.data.id} org={org.data} />
        </Section>
      ) : null}
    </Page>
  );
}
