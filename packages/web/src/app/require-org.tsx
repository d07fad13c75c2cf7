import { Outlet } from 'react-router';
import { Alert } from '../components/alert';
import { ButtonLink } from '../components/button';
import { EmptyState } from '../components/empty-state';
import { Loading, Page } from '../components/layout';
import { messageOf } from '../lib/errors';
import { useMe } from '../lib/use-me';
import { usePasskeyRequirement } from '../features/passkeys/api/use-passkey-requirement';
import { PasskeyRequiredNotice } from '../features/passkeys/components/passkey-required-notice';

/** Without a current organization: a passkey sign-in it requires, or how to get one. */
function NoOrganization() {
  const passkey = usePasskeyRequirement();
  if (passkey.isPending) return <Loading what="your organization" />;
  if (passkey.requirement) {
    return (
      <Page title="Passkey required">
        <PasskeyRequiredNotice requirement={passkey.requirement} />
      </Page>
    );
  }
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

/** Pages about the current organization; without one, says how to get one. */
export function RequireOrg() {
  const me = useMe();
  if (me.isPending) return <Loading what="your organization" />;
  if (me.isError) return <Alert>{messageOf(me.error)}</Alert>;
  if (!me.data.organization) return <NoOrganization />;
  return <Outlet />;
}
