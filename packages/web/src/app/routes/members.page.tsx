import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { AddMemberForm } from '../../features/members/components/add-member-form';
import { MembersList } from '../../features/members/components/members-list';
import { RolesTable } from '../../features/members/components/roles-table';
import { useAppMode } from '../../features/portal/api/use-portal-mode';
import { InvitationsTable } from '../../features/members/components/invitations-table';
import { ListSection } from '../../components/list-section';

export function MembersPage() {
  const trpc = useTRPC();
  const me = useMe();
  const roles = useQuery(trpc.members.roles.queryOptions());
  // In a client's portal, roles are described in words: permission keys mean nothing there.
  const inPortal = useAppMode() === 'portal';
  const invitations = useQuery(trpc.invitations.list.queryOptions());

  if (roles.isPending || me.isPending) return <Loading what="members" />;
  const error = roles.error ?? me.error;
  if (error || !roles.data || !me.data) return <Alert>{messageOf(error)}</Alert>;
  const canManage = hasPermission(me.data, 'manage:members');

  return (
    <Page
      title="Members"
      description={`People in ${me.data.organization?.name ?? 'this organization'} and what their roles allow.`}
    >
      <MembersList me={me.data} roles={roles.data.items} audience={inPortal ? 'client' : 'platform'} />
      <ListSection title="Pending invitations" what="invitations" query={invitations}>
        {(list) => <InvitationsTable invitations={list.items} canManage={canManage} />}
      </ListSection>
      <Section title="Invite a member">
        {canManage ? (
          <AddMemberForm roles={roles.data.items} audience={inPortal ? 'client' : 'platform'} />
        ) : (
          <p className="muted">
            {inPortal ? (
              'Only people whose role may invite others can add members. Ask an Owner or Admin.'
            ) : (
              <>
                Adding members needs the <code>manage:members</code> permission. Ask an Owner or Admin.
              </>
            )}
          </p>
        )}
      </Section>
      <Section
        title={inPortal ? 'Roles' : 'Roles and permissions'}
        description={
          inPortal ? 'What each role lets a person do here.' : 'Every organization starts with these system roles.'
        }
      >
        <RolesTable roles={roles.data.items} showPermissions={!inPortal} />
      </Section>
    </Page>
  );
}
