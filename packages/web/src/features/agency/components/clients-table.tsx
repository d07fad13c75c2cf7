import { Button } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import type { ReactNode } from 'react';
import { Table, type Column, type TableSorting } from '../../../components/table';
import { messageOf } from '../../../lib/errors';
import { formatDate } from '../../../lib/format';
import type { ClientRow } from '../api/use-clients';
import { useOpenClient } from '../api/use-open-client';
import { DeleteClientButton } from './delete-client-button';

export interface ClientsTableProps {
  clients: readonly ClientRow[];
  canManage: boolean;
  sorting?: TableSorting;
  /** What an empty list says when it was searched. */
  empty?: ReactNode;
}

export function ClientsTable({ clients, canManage, sorting, empty }: ClientsTableProps) {
  const { open, switching, error } = useOpenClient();
  const columns: Column<ClientRow>[] = [
    {
      header: 'Name',
      sortKey: 'name',
      cell: (c) => (
        <span className="cell-name cell-with-logo">
          {c.logoUrl ? <img className="org-logo" src={c.logoUrl} alt="" referrerPolicy="no-referrer" /> : null}
          {c.name}
        </span>
      ),
    },
    { header: 'Slug', cell: (c) => <code>{c.slug}</code> },
    { header: 'Members', cell: (c) => c.memberCount, align: 'end' },
    { header: 'Instances', cell: (c) => c.instanceCount, align: 'end' },
    { header: 'Created', sortKey: 'createdAt', cell: (c) => formatDate(c.createdAt) },
  ];
  if (canManage) {
    columns.push({
      header: 'Actions',
      align: 'end',
      cell: (c) => (
        <div className="row-action">
          <div className="row-buttons">
            <Button
              variant="secondary"
              size="sm"
              pending={switching === c.id}
              pendingLabel="Opening…"
              onClick={() => open(c.id)}
            >
              Open<span className="visually-hidden"> {c.name}</span>
            </Button>
            <DeleteClientButton client={c} />
          </div>
        </div>
      ),
    });
  }
  return (
    <>
      {error ? <p className="field-error">{messageOf(error)}</p> : null}
      <Table
        caption="Clients"
        columns={columns}
        rows={clients}
        rowKey={(c) => c.id}
        sorting={sorting}
        empty={
          empty ?? (
            <EmptyState title="No clients yet">
              {canManage
                ? 'Create an organization for your first client with the form below; you can step into it at any time.'
                : 'An Owner or Admin of the agency creates client organizations here.'}
            </EmptyState>
          )
        }
      />
    </>
  );
}
