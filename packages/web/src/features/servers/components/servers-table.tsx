import type { Server } from '@ocore/core';
import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ButtonLink } from '../../../components/button';
import { DeleteButton } from '../../../components/delete-button';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column, type TableSorting } from '../../../components/table';
import { useTRPC } from '../../../lib/trpc';
import { describeCapacity } from '../utils/server-input';
import { CheckServerButton } from './check-server-button';
import { ServerStatusBadge } from './server-status-badge';

function addressOf(server: Server): string {
  return server.host === null ? 'Hidden by the agency' : `${server.sshUser ?? ''}@${server.host}:${server.port ?? ''}`;
}

export interface ServersTableProps {
  servers: readonly Server[];
  canManage: boolean;
  /** Sortable headers, and what an empty (searched) list says instead of the first-server text. */
  sorting?: TableSorting;
  empty?: ReactNode;
}

export function ServersTable({ servers, canManage, sorting, empty }: ServersTableProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.servers.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey() }),
    }),
  );
  const columns: Column<Server>[] = [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (s) => (
        <Link to={`/servers/${s.id}`} className="cell-name">
          {s.name}
        </Link>
      ),
    },
    { header: 'Host', cell: (s) => <code className="break">{addressOf(s)}</code> },
    { header: 'Status', sortKey: 'status', cell: (s) => <ServerStatusBadge server={s} /> },
    { header: 'Capacity', cell: (s) => describeCapacity(s.capacity) },
  ];
  if (canManage) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (s) => (
        <div className="row-buttons">
          <CheckServerButton server={s} />
          <ButtonLink to={`/servers/${s.id}`} variant="ghost" size="sm">
            Edit<span className="visually-hidden"> {s.name}</span>
          </ButtonLink>
          <DeleteButton
            id={s.id}
            mutation={remove}
            question={`Delete ${s.name}? Nothing on it is touched.`}
            confirmLabel="Delete server"
          />
        </div>
      ),
    });
  }
  return (
    <Table
      caption="Servers"
      columns={columns}
      rows={servers}
      rowKey={(s) => s.id}
      sorting={sorting}
      empty={
        empty ?? (
          <EmptyState title="No servers yet">
            <p>
              Servers are the machines your Odoo instances and topologies run on. Register one with its address, SSH
              access and size; it is checked (an SSH login, its Docker engine asked) within a minute, then every five
              minutes, or when you click Check now.
            </p>
            <p>{canManage ? 'Add your first server with the form below.' : 'An Owner or Admin adds them here.'}</p>
          </EmptyState>
        )
      }
    />
  );
}
