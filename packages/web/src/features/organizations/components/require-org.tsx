import { Outlet } from 'react-router';
import { Alert } from '../../../components/alert';
import { ButtonLink } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import { Loading, Page } from '../../../components/layout';
import { messageOf } from '../../../lib/errors';
import { useMe } from '../../auth/api/use-me';

/** Pages about the current organization; without one, says how to get one. */
export function RequireOrg() {
  const me = useMe();
  if (me.isPending) return <Loading what="your organization" />;
  if (me.isError) return <Alert>{messageOf(me.error)}</Alert>;
  if (!me.data.organization) {
    return (
      <Page title="No organization yet">
        <EmptyState
          title="You are not in an organization"
          action={<ButtonLink to="/organizations/new">Create organization</ButtonLink>}
        >
          Pick one of your organizations in the switcher at the top, or create a new one to manage its members and
          hosting. When a colleague adds you to theirs, it appears in the switcher too.
        </EmptyState>
      </Page>
    );
  }
  return <Outlet />;
}
