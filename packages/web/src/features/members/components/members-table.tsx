import type { Me, Member, Role } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { hasPermission } from '../../../lib/use-me';
import { MemberRoleSelect } from './member-role-select';
import { RemoveMemberButton } from './remove-member-button';

export interface MembersTableProps {
  members: readonly Member[];
  roles: readonly Role[];
  me: Me;
}

function columnsFor(me: Me, roles: readonly Role[]): Column<Member>[] {
  const canManage = hasPermission(me, 'manage:members');
  const organizationName = me.organization?.name ?? 'the organization';
  return [
    {
      header: 'Name',
      cell: (m) => (
        <span className="cell-name">
          {m.name} {m.userId === me.user.id ? <Badge>You</Badge> : null}
        </span>
      ),
    },
    { header: 'Email', cell: (m) => <span className="break">{m.email}</span> },
    {
      header: 'Role',
      cell: (m) => (canManage ? <MemberRoleSelect member={m} roles={roles} /> : <Badge tone="accent">{m.role}</Badge>),
    },
    { header: 'Joined', cell: (m) => formatDate(m.joinedAt) },
    {
      header: 'Actions',
      align: 'end',
      cell: (m) => {
        const isSelf = m.userId === me.user.id;
        return canManage || isSelf ? (
          <RemoveMemberButton member={m} isSelf={isSelf} organizationName={organizationName} />
        ) : null;
      },
    },
  ];
}

export function MembersTable({ members, roles, me }: MembersTableProps) {
  return (
    <Table
      caption="Members"
      columns={columnsFor(me, roles)}
      rows={members}
      rowKey={(m) => m.userId}
      empty={<EmptyState title="No members yet">Add a colleague by email with the form below.</EmptyState>}
    />
  );
}
