import { useMutation } from '@tanstack/react-query';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { formatTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

/** Checks one deployed node again and says what the check found. */
export function CheckNodeButton({ topologyId, nodeId }: { topologyId: string; nodeId: string }) {
  const trpc = useTRPC();
  // A changed status also comes back through the deployment's live events.
  const check = useMutation(trpc.topologies.nodeStatus.mutationOptions());
  return (
    <div className="row-action">
      <Button
        variant="secondary"
        size="sm"
        pending={check.isPending}
        pendingLabel="Checking…"
        onClick={() => check.mutate({ id: topologyId, nodeId })}
      >
        Check<span className="visually-hidden"> {nodeId}</span>
      </Button>
      {check.data ? (
        <p className="field-hint" role="status">
          Checked at {formatTime(check.data.checkedAt)}: {check.data.status}
          {check.data.reason ? ` (${check.data.reason})` : ''}
        </p>
      ) : null}
      {check.error ? <p className="field-error">{messageOf(check.error)}</p> : null}
    </div>
  );
}
