import { Page, Section } from '../../components/layout';
import { CreateOrgForm } from '../../features/organizations/components/create-org-form';

export function CreateOrganizationPage() {
  return (
    <Page
      title="Create organization"
      description="A separate space with its own members and resources — for example one per client, or one for development."
    >
      <Section title="New organization">
        <CreateOrgForm />
      </Section>
    </Page>
  );
}
