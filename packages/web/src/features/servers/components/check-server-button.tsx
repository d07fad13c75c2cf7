import type { Server } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

/** "Check now": logs in to the server over SSH and asks its engine, then shows what it found. */
export function CheckServerButton({
  server,
  size = 'sm',
}: {
  server: Pick<Server, 'id' | 'name'>;
  size?: 'sm' | 'md';
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const check = useMutation(
    trpc.servers.check.mutationOptions({
      onSuccess: async (checked) => {
        queryClient.setQueryData(trpc.servers.get.queryKey({ id: checked.id }), checked);
        await queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey() });
      },
    }),
  );
  return (
    <span className="check-server">
      <Button
        variant="secondary"
        size={size}
        pending={check.isPending}
        pendingLabel="Checking…"
        onClick={() => check.mutate({ id: server.id })}
      >
        Check now<span className="visually-hidden"> {server.name}</span>
      </Button>
      {check.isError ? (
        <span className="field-error" role="alert">
          {messageOf(check.error)}
        </span>
      ) : null}
    </span>
  );
}
