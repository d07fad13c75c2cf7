import type { Instance, Project } from '@ocore/core';
import { Link } from 'react-router';
import { ButtonLink } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import type { ReactNode } from 'react';
import { Table, type Column, type TableSorting } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { InstanceActions } from './instance-actions';
import { InstanceUrl } from './instance-link';
import { InstanceStatusBadge } from './instance-status-badge';

export interface InstancesTableProps {
  instances: readonly Instance[];
  projects: readonly Project[];
  canManage: boolean;
  sorting?: TableSorting;
  /** What an empty list says when it was searched or filtered. */
  empty?: ReactNode;
}

/** `Acme · staging`, or the stage alone. */
export function projectStageOf(instance: Instance, projects: readonly Project[]): string {
  const project = projects.find((p) => p.id === instance.projectId);
  return project ? `${project.name} · ${instance.stage}` : `No project · ${instance.stage}`;
}

export function InstancesTable({ instances, projects, canManage, sorting, empty }: InstancesTableProps) {
  const columns: Column<Instance>[] = [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (i) => (
        <Link to={`/instances/${i.id}`} className="cell-name">
          {i.name}
        </Link>
      ),
    },
    { header: 'Status', sortKey: 'status', cell: (i) => <InstanceStatusBadge instance={i} />, stacked: true },
    { header: 'URL', cell: (i) => <InstanceUrl instance={i} /> },
    { header: 'Server', cell: (i) => i.serverName },
    { header: 'Project', cell: (i) => projectStageOf(i, projects) },
    { header: 'Odoo', cell: (i) => `${i.odooVersion} ${i.odooEdition}` },
    { header: 'Created', sortKey: 'createdAt', cell: (i) => formatDate(i.createdAt) },
  ];
  columns.push({
    header: 'Actions',
    align: 'end',
    cell: (i) => (
      <div className="row-buttons">
        {canManage ? <InstanceActions instance={i} compact /> : null}
        <ButtonLink to={`/instances/${i.id}`} variant="ghost" size="sm">
          Open<span className="visually-hidden"> {i.name}</span>
        </ButtonLink>
      </div>
    ),
  });
  return (
    <Table
      caption="Instances"
      columns={columns}
      rows={instances}
      rowKey={(i) => i.id}
      sorting={sorting}
      empty={
        empty ?? (
          <EmptyState title="No instances yet">
            <p>An instance is one Odoo running on one of your servers, reachable at its own address.</p>
            <p>
              {canManage
                ? 'Create your first instance with the form below.'
                : 'An Owner, Admin or Developer creates them here.'}
            </p>
          </EmptyState>
        )
      }
    />
  );
}
