import { Button } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';
import { kindInfo } from '../utils/node-kinds';
import type { NodeView } from '../utils/node-views';

function problemsOf(view: NodeView): string {
  const parts = [
    view.errors.length ? `${view.errors.length} error${view.errors.length === 1 ? '' : 's'}` : '',
    view.warnings.length ? `${view.warnings.length} warning${view.warnings.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.join(', ') || '—';
}

export interface NodesTableProps {
  views: readonly NodeView[];
  canEdit: boolean;
  onEdit: (nodeId: string) => void;
  onRemove: (nodeId: string) => void;
}

/** The graph's nodes as a table: for reading on small screens, and for editing and removing them. */
export function NodesTable({ views, canEdit, onEdit, onRemove }: NodesTableProps) {
  const columns: Column<NodeView>[] = [
    { header: 'Node', cell: (v) => <code>{v.id}</code> },
    { header: 'Kind', cell: (v) => kindInfo(v.kind).label },
    { header: 'Server', cell: (v) => v.serverName },
    { header: 'Setting', cell: (v) => v.setting ?? 'default' },
    { header: 'Problems', cell: problemsOf },
  ];
  if (canEdit) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (v) => (
        <span className="row-buttons">
          <Button variant="ghost" size="sm" onClick={() => onEdit(v.id)}>
            Edit<span className="visually-hidden"> node {v.id}</span>
          </Button>
          <Button variant="ghost" size="sm" className="text-danger" onClick={() => onRemove(v.id)}>
            Remove<span className="visually-hidden"> node {v.id}</span>
          </Button>
        </span>
      ),
    });
  }
  return (
    <Table
      caption="Nodes"
      columns={columns}
      rows={views}
      rowKey={(v) => v.id}
      empty={
        <EmptyState title="No nodes yet">
          {canEdit
            ? 'Add an Odoo node and a postgres node, then connect them; add more for high availability.'
            : 'Someone with the manage:topologies permission designs the topology here.'}
        </EmptyState>
      }
    />
  );
}
