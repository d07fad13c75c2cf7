import type { Me, Member, Role } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { EmptyState } from '../../../components/empty-state';
import type { ReactNode } from 'react';
import { Table, type Column, type TableSorting } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { hasPermission } from '../../../lib/use-me';
import { MemberRoleSelect } from './member-role-select';
import { RemoveMemberButton } from './remove-member-button';

export interface MembersTableProps {
  members: readonly Member[];
  roles: readonly Role[];
  me: Me;
  /** Whose words the roles are described in: a client's portal knows no agency or topologies. */
  audience?: 'platform' | 'client';
  sorting?: TableSorting;
  /** What an empty list says when it was searched or filtered. */
  empty?: ReactNode;
}

function columnsFor(me: Me, roles: readonly Role[], audience: 'platform' | 'client'): Column<Member>[] {
  const canManage = hasPermission(me, 'manage:members');
  const organizationName = me.organization?.name ?? 'the organization';
  return [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (m) => (
        <span className="cell-name">
          {m.name} {m.userId === me.user.id ? <Badge>You</Badge> : null}
        </span>
      ),
    },
    { header: 'Email', sortKey: 'email', cell: (m) => <span className="break">{m.email}</span> },
    {
      header: 'Role',
      sortKey: 'role',
      cell: (m) =>
        canManage ? (
          <MemberRoleSelect member={m} roles={roles} audience={audience} />
        ) : (
          <Badge tone="accent">{m.role}</Badge>
        ),
    },
    { header: 'Joined', sortKey: 'joinedAt', cell: (m) => formatDate(m.joinedAt) },
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

export function MembersTable({ members, roles, me, audience = 'platform', sorting, empty }: MembersTableProps) {
  return (
    <Table
      caption="Members"
      columns={columnsFor(me, roles, audience)}
      rows={members}
      rowKey={(m) => m.userId}
      sorting={sorting}
      empty={empty ?? <EmptyState title="No members yet">Add a colleague by email with the form below.</EmptyState>}
    />
  );
}
