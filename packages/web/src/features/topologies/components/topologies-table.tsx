import type { Topology } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DeleteButton } from '../../../components/delete-button';
import { EmptyState } from '../../../components/empty-state';
import type { ReactNode } from 'react';
import { Table, type Column, type TableSorting } from '../../../components/table';
import { formatDate } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

export interface TopologiesTableProps {
  topologies: readonly Topology[];
  canManage: boolean;
  sorting?: TableSorting;
  /** What an empty list says when it was searched. */
  empty?: ReactNode;
}

export function TopologiesTable({ topologies, canManage, sorting, empty }: TopologiesTableProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.topologies.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.topologies.list.pathKey() }),
    }),
  );
  const columns: Column<Topology>[] = [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (t) => (
        <Link to={`/topologies/${t.id}`} className="cell-name">
          {t.name}
        </Link>
      ),
    },
    { header: 'Description', cell: (t) => t.description ?? '', stacked: true },
    { header: 'Nodes', cell: (t) => t.topologyData.nodes.length, align: 'end' },
    { header: 'Connections', cell: (t) => t.topologyData.edges.length, align: 'end' },
    { header: 'Changed', sortKey: 'updatedAt', cell: (t) => formatDate(t.updatedAt) },
  ];
  if (canManage) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (t) => (
        <DeleteButton
          id={t.id}
          mutation={remove}
          question={`Delete ${t.name}? What it deployed keeps running.`}
          confirmLabel="Delete topology"
        />
      ),
    });
  }
  return (
    <Table
      caption="Topologies"
      columns={columns}
      rows={topologies}
      rowKey={(t) => t.id}
      sorting={sorting}
      empty={
        empty ?? (
          <EmptyState title="No topologies yet">
            <p>
              A topology lays out one setup across your servers: Odoo nodes, the database and its replica, Redis, a load
              balancer and the filestore.
            </p>
            <p>
              {canManage
                ? 'Create one below, then draw its nodes and deploy it.'
                : 'An Owner, Admin or Developer designs them here.'}
            </p>
          </EmptyState>
        )
      }
    />
  );
}
