import type { Instance } from '@ocore/core';
import { EmptyState } from '../../../components/empty-state';
import { ListSection } from '../../../components/list-section';
import { Table, type Column } from '../../../components/table';
import { useInstances } from '../api/use-instances';
import { useInstanceStatusLive } from '../api/use-instances-live';
import { InstanceUrl } from './instance-link';
import { InstanceStatusBadge } from './instance-status-badge';

const columns: Column<Instance>[] = [
  { header: 'Name', cell: (i) => <span className="cell-name">{i.name}</span> },
  { header: 'Status', cell: (i) => <InstanceStatusBadge instance={i} />, stacked: true },
  { header: 'URL', cell: (i) => <InstanceUrl instance={i} /> },
  { header: 'Stage', cell: (i) => i.stage },
];

/**
 * The client's Odoo instances on the portal's home, with their status live and their address;
 * `more` adds columns of other features (the last backup, where the agency opened backups).
 */
export function PortalInstances({ more = [] }: { more?: Column<Instance>[] }) {
  const instances = useInstances();
  useInstanceStatusLive(true);
  return (
    <ListSection title="Your Odoo instances" what="your instances" query={instances}>
      {(list) => (
        <Table
          caption="Your Odoo instances"
          columns={[...columns, ...more]}
          rows={list.items}
          rowKey={(i) => i.id}
          empty={<EmptyState title="No instances yet">Your provider sets them up for you.</EmptyState>}
        />
      )}
    </ListSection>
  );
}
