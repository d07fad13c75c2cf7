import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { EmptyState } from '../../../components/empty-state';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

/** What agency mode is, and the switch that turns it on (manage:agency). */
export function EnableAgency({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enable = useMutation(
    trpc.agency.enable.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.agency.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
        ]),
    }),
  );
  const errors = toFormErrors(enable.error, []);

  return (
    <EmptyState
      title="Agency mode is off"
      action={
        canManage ? (
          <Button pending={enable.isPending} pendingLabel="Enabling…" onClick={() => enable.mutate()}>
            Enable agency mode
          </Button>
        ) : null
      }
    >
      <p>
        Agency mode turns this organization into an agency: you create a separate organization for each client, step
        into it to work on their behalf, and give them a client portal with your own logo, colors and domain, showing
        only the features you choose.
      </p>
      {canManage ? (
        <p>Enabling it changes nothing for the members of this organization.</p>
      ) : (
        <p>
          Enabling it needs the <code>manage:agency</code> permission. Ask an Owner or Admin.
        </p>
      )}
      <FormError message={errors.general} />
    </EmptyState>
  );
}
