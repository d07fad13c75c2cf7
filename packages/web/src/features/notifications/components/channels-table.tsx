import type { Channel, Delivery } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Table } from '../../../components/table';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

function TestResult({ delivery }: { delivery: Delivery }) {
  return delivery.status === 'delivered' ? (
    <Alert tone="success">Test delivered{delivery.responseStatus ? ` (HTTP ${delivery.responseStatus})` : ''}.</Alert>
  ) : (
    <Alert>Test not delivered: {delivery.lastError ?? delivery.status}</Alert>
  );
}

/** The channels, each with "Send test" and "Remove". */
export function ChannelsTable({ channels }: { channels: readonly Channel[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<{ name: string; delivery: Delivery } | undefined>();
  const test = useMutation(trpc.notifications.testChannel.mutationOptions());
  const remove = useMutation(
    trpc.notifications.deleteChannel.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.notifications.listChannels.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.notifications.getRules.queryKey() }),
        ]),
    }),
  );
  return (
    <>
      {result ? <TestResult delivery={result.delivery} /> : null}
      {(test.error ?? remove.error) ? <Alert>{messageOf(test.error ?? remove.error)}</Alert> : null}
      <Table
        caption="Notification channels"
        rows={channels}
        rowKey={(c) => c.id}
        empty={<p>No channels yet: add one below.</p>}
        columns={[
          { header: 'Name', cell: (c) => c.name },
          { header: 'Kind', cell: (c) => c.kind },
          {
            header: 'Sends to',
            stacked: true,
            cell: (c) => (c.kind === 'email' ? c.addresses.join(', ') : (c.url ?? '')),
          },
          {
            header: 'Actions',
            align: 'end',
            cell: (c) => (
              <>
                <Button
                  variant="secondary"
                  size="sm"
                  pending={test.isPending && test.variables.id === c.id}
                  pendingLabel="Sending…"
                  onClick={() =>
                    test.mutate({ id: c.id }, { onSuccess: (delivery) => setResult({ name: c.name, delivery }) })
                  }
                >
                  Send test to {c.name}
                </Button>{' '}
                <Button variant="danger" size="sm" onClick={() => remove.mutate({ id: c.id })}>
                  Remove {c.name}
                </Button>
              </>
            ),
          },
        ]}
      />
    </>
  );
}
