import { describeRole, type Role } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';

const nameColumn: Column<Role> = {
  header: 'Role',
  cell: (r) => (
    <span className="cell-name">
      {r.name} {r.isSystem ? <Badge>System</Badge> : null}
    </span>
  ),
};

const membersColumn: Column<Role> = { header: 'Members', cell: (r) => r.memberCount, align: 'end' };

const descriptionColumn = (audience: 'platform' | 'client'): Column<Role> => ({
  header: 'What they can do',
  stacked: true,
  cell: (r) => <p className="role-description">{describeRole(r, audience)}</p>,
});

const permissionsColumn: Column<Role> = {
  header: 'Permissions',
  stacked: true,
  cell: (r) =>
    r.permissions.length ? (
      <ul className="badge-list">
        {r.permissions.map((p) => (
          <li key={p}>
            <Badge tone={p.startsWith('manage:') ? 'warning' : 'neutral'}>{p}</Badge>
          </li>
        ))}
      </ul>
    ) : (
      <span className="muted">None</span>
    ),
};

/**
 * The roles, each with a plain sentence of what its members may do; the permission keys
 * only where people configure the platform (the dashboard), not in a client's portal.
 */
export function RolesTable({ roles, showPermissions = true }: { roles: readonly Role[]; showPermissions?: boolean }) {
  const columns = showPermissions
    ? [nameColumn, membersColumn, descriptionColumn('platform'), permissionsColumn]
    : [nameColumn, membersColumn, descriptionColumn('client')];
  return (
    <Table
      caption={showPermissions ? 'Roles and permissions' : 'Roles'}
      columns={columns}
      rows={roles}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No roles">Roles are created with the organization; reload the page.</EmptyState>}
    />
  );
}
