import { ButtonLink } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/layout';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <EmptyState
        title="There is nothing at this address"
        action={<ButtonLink to="/org">Go to your organization</ButtonLink>}
      >
        Check the link, or pick a section from the menu.
      </EmptyState>
    </Page>
  );
}
