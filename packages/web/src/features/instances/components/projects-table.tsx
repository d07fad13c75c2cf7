import type { Project } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { DeleteButton } from '../../../components/delete-button';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateInstances } from '../api/use-instances';

export function ProjectsTable({ projects, canManage }: { projects: readonly Project[]; canManage: boolean }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateInstances();
  const remove = useMutation(trpc.projects.delete.mutationOptions({ onSuccess: () => invalidate() }));
  const columns: Column<Project>[] = [
    { header: 'Name', cell: (p) => <span className="cell-name">{p.name}</span> },
    { header: 'Description', cell: (p) => p.description || <span className="muted">None</span>, stacked: true },
    { header: 'Instances', cell: (p) => p.instanceCount, align: 'end' },
    { header: 'Created', cell: (p) => formatDate(p.createdAt) },
  ];
  if (canManage) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (p) => (
        <DeleteButton
          id={p.id}
          mutation={remove}
          question={`Delete ${p.name}? Only a project without instances can go.`}
          confirmLabel="Delete project"
        />
      ),
    });
  }
  return (
    <Table
      caption="Projects"
      columns={columns}
      rows={projects}
      rowKey={(p) => p.id}
      empty={
        <EmptyState title="No projects yet">
          A project groups one Odoo deployment’s environments: its production, staging and development instances.
        </EmptyState>
      }
    />
  );
}
