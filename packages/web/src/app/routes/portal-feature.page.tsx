import { ButtonLink } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/layout';

/** A portal feature the agency turned on that has no page yet. */
export function PortalFeaturePage({ title }: { title: string }) {
  return (
    <Page title={title}>
      <EmptyState
        title={`${title} is on its way`}
        action={
          <ButtonLink to="/" variant="secondary">
            Go to the home page
          </ButtonLink>
        }
      >
        Your provider has turned on {title} for you. It appears here as soon as it is ready.
      </EmptyState>
    </Page>
  );
}
