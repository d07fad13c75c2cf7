import type { Template } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { Badge } from '../../../components/badge';
import { DeleteButton } from '../../../components/delete-button';
import { EmptyState } from '../../../components/empty-state';
import type { ReactNode } from 'react';
import { Table, type Column, type TableSorting } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateTemplates } from '../api/use-templates';

export interface TemplatesTableProps {
  templates: readonly Template[];
  canManage: boolean;
  sorting?: TableSorting;
  /** What an empty list says when it was searched or filtered. */
  empty?: ReactNode;
}

/** `1.5 CPU, 2048 MB`; `no limits` without any. */
function formatLimits(t: Template): string {
  const limits = [
    t.cpuLimit === null ? null : `${t.cpuLimit} CPU`,
    t.memoryLimitMb === null ? null : `${t.memoryLimitMb} MB`,
  ].filter((l) => l !== null);
  return limits.length ? limits.join(', ') : 'no limits';
}

export function TemplatesTable({ templates, canManage, sorting, empty }: TemplatesTableProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateTemplates();
  const remove = useMutation(trpc.templates.delete.mutationOptions({ onSuccess: invalidate.templates }));
  const columns: Column<Template>[] = [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (t) => (
        <span className="cell-name">
          {t.name}
          {t.shared ? (
            <>
              {' '}
              <Badge tone="accent">Shared by the agency</Badge>
            </>
          ) : null}
        </span>
      ),
    },
    { header: 'Version', sortKey: 'odooVersion', cell: (t) => t.odooVersion },
    { header: 'Edition', cell: (t) => (t.odooEdition === 'ee' ? 'Enterprise' : 'Community') },
    { header: 'Workers', cell: (t) => t.defaultWorkers, align: 'end' },
    { header: 'Limits', cell: formatLimits },
    {
      header: 'Modules',
      cell: (t) => (t.moduleList.length ? <span className="break">{t.moduleList.join(', ')}</span> : 'none'),
      stacked: true,
    },
    { header: 'Public', cell: (t) => (t.isPublic ? 'Yes' : 'No') },
    { header: 'Created', sortKey: 'createdAt', cell: (t) => formatDate(t.createdAt) },
  ];
  if (canManage) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (t) =>
        t.shared ? null : (
          <DeleteButton
            id={t.id}
            mutation={remove}
            question={`Delete ${t.name}? Its instances stay.`}
            confirmLabel="Delete template"
          />
        ),
    });
  }
  return (
    <Table
      caption="Templates"
      columns={columns}
      rows={templates}
      rowKey={(t) => t.id}
      sorting={sorting}
      empty={
        empty ?? (
          <EmptyState title="No templates yet">
            <p>
              A template holds an Odoo version and edition, workers, environment variables, modules and CPU and memory
              limits, so that new client instances start the same way.
            </p>
            <p>
              {canManage
                ? 'Create your first one with the form below.'
                : 'An Owner, Admin or Developer creates them here.'}
            </p>
          </EmptyState>
        )
      }
    />
  );
}
