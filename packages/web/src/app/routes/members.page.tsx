import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../components/alert';
import { Loading, Page, Section } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { hasPermission, useMe } from '../../lib/use-me';
import { AddMemberForm } from '../../features/members/components/add-member-form';
import { MembersTable } from '../../features/members/components/members-table';
import { RolesTable } from '../../features/members/components/roles-table';

export function MembersPage() {
  const trpc = useTRPC();
  const me = useMe();
  const members = useQuery(trpc.members.list.queryOptions());
  const roles = useQuery(trpc.members.roles.queryOptions());

  if (members.isPending || roles.isPending || me.isPending) return <Loading what="members" />;
  const error = members.error ?? roles.error ?? me.error;
  if (error || !members.data || !roles.data || !me.data) return <Alert>{messageOf(error)}</Alert>;
  const canManage = hasPermission(me.data, 'manage:members');

  return (
    <Page
      title="Members"
      description={`People in ${me.data.organization?.name ?? 'this organization'} and what their roles allow.`}
    >
      <Section title={`Members (${members.data.total})`}>
        <MembersTable members={members.data.items} roles={roles.data.items} me={me.data} />
      </Section>
      <Section title="Add member">
        {canManage ? (
          <AddMemberForm roles={roles.data.items} />
        ) : (
          <p className="muted">
            Adding members needs the <code>manage:members</code> permission. Ask an Owner or Admin.
          </p>
        )}
      </Section>
      <Section title="Roles and permissions" description="Every organization starts with these system roles.">
        <RolesTable roles={roles.data.items} />
      </Section>
    </Page>
  );
}
