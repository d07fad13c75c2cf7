import { Badge } from '../../components/badge';
import { ButtonLink } from '../../components/button';
import { Alert } from '../../components/alert';
import { Loading, Page, Section } from '../../components/layout';
import { ListSection } from '../../components/list-section';
import { ApiKeysSection } from '../../features/account/components/api-keys-section';
import { ChangePasswordForm } from '../../features/account/components/change-password-form';
import { ResendVerificationButton } from '../../features/account/components/resend-verification-button';
import { SessionsTable } from '../../features/account/components/sessions-table';
import { useSessions } from '../../features/account/api/use-sessions';
import { messageOf } from '../../lib/errors';
import { hasPermission, useMe } from '../../lib/use-me';

/** Account: who you are, your password, your sessions and passkeys, and the organization's API keys. */
export function AccountPage() {
  const me = useMe();
  const sessions = useSessions();
  if (me.isPending) return <Loading what="your account" />;
  if (!me.data) return <Alert>{messageOf(me.error)}</Alert>;
  const { user, organization } = me.data;
  return (
    <Page title="Account" description="Your sign-in, wherever you work.">
      <Section title="You">
        <p>
          <strong>{user.name}</strong> · {user.email}{' '}
          {user.emailVerified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Not verified</Badge>}
        </p>
        {user.emailVerified ? null : <ResendVerificationButton />}
      </Section>
      <Section title="Password" description="Changing it ends your other sessions.">
        <ChangePasswordForm onChanged={sessions.refresh} />
      </Section>
      <ListSection title="Sessions" what="your sessions" query={sessions.list}>
        {(list) => <SessionsTable sessions={list.items} actions={sessions} />}
      </ListSection>
      <Section title="Passkeys" description="Sign in with your device’s screen lock or a security key.">
        <ButtonLink to="/account/passkeys" variant="secondary">
          Manage passkeys
        </ButtonLink>
      </Section>
      {organization && hasPermission(me.data, 'view:members') ? (
        <ApiKeysSection organizationName={organization.name} canManage={hasPermission(me.data, 'manage:members')} />
      ) : null}
    </Page>
  );
}
