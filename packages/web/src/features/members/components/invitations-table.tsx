import type { Invitation } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../../components/badge';
import { Button } from '../../../components/button';
import { ConfirmButton } from '../../../components/confirm-button';
import { EmptyState } from '../../../components/empty-state';
import { Table, type Column } from '../../../components/table';
import { messageOf } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

/** Invitations not yet accepted: when each expires, and (with manage:members) resend or revoke. */
export function InvitationsTable({
  invitations,
  canManage,
}: {
  invitations: readonly Invitation[];
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
  const resend = useMutation(trpc.invitations.resend.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSuccess: refresh }));
  const columns: Column<Invitation>[] = [
    { header: 'Email', cell: (i) => <span className="cell-name">{i.email}</span> },
    { header: 'Role', cell: (i) => i.role },
    {
      header: 'Expires',
      cell: (i) => (i.status === 'expired' ? <Badge tone="warning">Expired</Badge> : formatDateTime(i.expiresAt)),
    },
    ...(canManage
      ? [
          {
            header: 'Actions',
            align: 'end' as const,
            cell: (i: Invitation) => (
              <div className="row-action">
                <Button
                  variant="ghost"
                  size="sm"
                  pending={resend.isPending && resend.variables.id === i.id}
                  pendingLabel="Sending…"
                  onClick={() => resend.mutate({ id: i.id })}
                >
                  Resend
                </Button>
                {resend.isSuccess && resend.variables.id === i.id ? <span role="status">Sent again.</span> : null}
                {resend.error && resend.variables.id === i.id ? (
                  <p className="field-error">{messageOf(resend.error)}</p>
                ) : null}
                <ConfirmButton
                  label="Revoke"
                  question={`Revoke the invitation to ${i.email}? Its link stops working.`}
                  confirmLabel="Revoke invitation"
                  pending={revoke.isPending && revoke.variables.id === i.id}
                  onConfirm={() => revoke.mutate({ id: i.id })}
                />
                {revoke.error && revoke.variables.id === i.id ? (
                  <p className="field-error">{messageOf(revoke.error)}</p>
                ) : null}
              </div>
            ),
          },
        ]
      : []),
  ];
  return (
    <Table
      caption="Pending invitations"
      columns={columns}
      rows={invitations}
      rowKey={(i) => i.id}
      empty={
        <EmptyState title="No pending invitations">
          Invite someone below; they appear here until they accept.
        </EmptyState>
      }
    />
  );
}
