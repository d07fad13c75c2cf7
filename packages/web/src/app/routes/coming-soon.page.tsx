import { ButtonLink } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/layout';

export function ComingSoonPage({ title, description }: { title: string; description: string }) {
  return (
    <Page title={title}>
      <EmptyState
        title={`${title} is coming soon`}
        action={
          <ButtonLink to="/org" variant="secondary">
            Go to your organization
          </ButtonLink>
        }
      >
        <p>{description}</p>
        <p>Meanwhile, you can set up your organization and invite its members.</p>
      </EmptyState>
    </Page>
  );
}
