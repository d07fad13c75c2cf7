import type { Instance } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge } from '../../../components/badge';
import { DeleteButton } from '../../../components/delete-button';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateTemplates } from '../api/use-templates';

export interface InstancesTableProps {
  instances: readonly Instance[];
  templateNames: ReadonlyMap<string, string>;
  canManage: boolean;
}

export function InstancesTable({ instances, templateNames, canManage }: InstancesTableProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateTemplates();
  const remove = useMutation(trpc.instances.delete.mutationOptions({ onSuccess: invalidate.instances }));
  const columns: Column<Instance>[] = [
    {
      header: 'Name',
      cell: (i) => (
        <Link to={`/instances/${i.id}`} className="cell-name">
          {i.name}
        </Link>
      ),
    },
    { header: 'Template', cell: (i) => (i.templateId ? (templateNames.get(i.templateId) ?? 'Unknown') : 'Deleted') },
    { header: 'Server', cell: (i) => i.serverName },
    { header: 'Odoo', cell: (i) => `${i.odooVersion} ${i.odooEdition}` },
    { header: 'Workers', cell: (i) => i.workers, align: 'end' },
    {
      header: 'Status',
      cell: (i) => <Badge title="Its operations and their logs are on the instance’s page.">{i.status}</Badge>,
    },
    { header: 'Created', cell: (i) => formatDate(i.createdAt) },
  ];
  if (canManage) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (i) => (
        <DeleteButton
          id={i.id}
          mutation={remove}
          question={`Delete ${i.name}, its database and volumes?`}
          confirmLabel="Delete instance"
        />
      ),
    });
  }
  return (
    <Table
      caption="Instances"
      columns={columns}
      rows={instances}
      rowKey={(i) => i.id}
      empty={<EmptyState title="No instances yet">Provision one from a template with the form above.</EmptyState>}
    />
  );
}
