import type { Passkey } from '@ocore/core';
import { DeleteButton } from '../../../components/delete-button';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';
import { formatDateTime } from '../../../lib/format';
import { useDeletePasskey } from '../api/use-passkeys';

/** The user's passkeys, with when each was added and last used; each can be deleted once confirmed. */
export function PasskeysTable({ passkeys }: { passkeys: readonly Passkey[] }) {
  const remove = useDeletePasskey();
  const columns: Column<Passkey>[] = [
    { header: 'Name', cell: (p) => <span className="cell-name">{p.name}</span> },
    { header: 'Created', cell: (p) => formatDateTime(p.createdAt) },
    { header: 'Last used', cell: (p) => (p.lastUsedAt ? formatDateTime(p.lastUsedAt) : 'Never') },
    {
      header: 'Actions',
      align: 'end',
      cell: (p) => (
        <DeleteButton
          id={p.id}
          mutation={remove}
          question={`Delete ${p.name}? You can no longer sign in with it.`}
          confirmLabel="Delete passkey"
        />
      ),
    },
  ];
  return (
    <Table
      caption="Passkeys"
      columns={columns}
      rows={passkeys}
      rowKey={(p) => p.id}
      empty={
        <EmptyState title="No passkeys yet">
          A passkey signs you in with your device’s screen lock or a security key, with no password to type or leak.
          Organizations may require one.
        </EmptyState>
      }
    />
  );
}
