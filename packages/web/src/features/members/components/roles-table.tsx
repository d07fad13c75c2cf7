import type { Role } from '@ocore/core';
import { Badge } from '../../../components/badge';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';

const columns: Column<Role>[] = [
  {
    header: 'Role',
    cell: (r) => (
      <span className="cell-name">
        {r.name} {r.isSystem ? <Badge>System</Badge> : null}
      </span>
    ),
  },
  { header: 'Members', cell: (r) => r.memberCount, align: 'end' },
  {
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
  },
];

export function RolesTable({ roles }: { roles: readonly Role[] }) {
  return (
    <Table
      caption="Roles and permissions"
      columns={columns}
      rows={roles}
      rowKey={(r) => r.id}
      empty={<EmptyState title="No roles">Roles are created with the organization; reload the page.</EmptyState>}
    />
  );
}
