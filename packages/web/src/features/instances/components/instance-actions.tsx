import { allowedOperations, type Instance } from '@ocore/core';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useInstanceAction, type InstanceAction } from '../api/use-instances';

const labels: Record<InstanceAction, [label: string, pending: string]> = {
  start: ['Start', 'Starting…'],
  stop: ['Stop', 'Stopping…'],
  restart: ['Restart', 'Restarting…'],
  redeploy: ['Redeploy', 'Redeploying…'],
};

function ActionButton({ instance, kind, compact }: { instance: Instance; kind: InstanceAction; compact: boolean }) {
  const action = useInstanceAction(kind);
  const [label, pending] = labels[kind];
  return (
    <>
      <Button
        variant={compact ? 'ghost' : 'secondary'}
        size="sm"
        pending={action.isPending}
        pendingLabel={pending}
        onClick={() => action.mutate({ id: instance.id })}
      >
        {label}
        <span className="visually-hidden"> {instance.name}</span>
      </Button>
      {action.error ? <Alert>{`${label}: ${messageOf(action.error)}`}</Alert> : null}
    </>
  );
}

/** The lifecycle actions the instance's status allows now (the rule is core's `allowedOperations`). */
export function InstanceActions({ instance, compact = false }: { instance: Instance; compact?: boolean }) {
  const allowed = allowedOperations[instance.status];
  const kinds = (Object.keys(labels) as InstanceAction[]).filter(
    (kind) => allowed.includes(kind) && (!compact || kind === 'start' || kind === 'stop'),
  );
  if (kinds.length === 0) return compact ? null : <p className="muted">No action while it is {instance.status}.</p>;
  return (
    <div className="row-buttons" role="group" aria-label={`Actions on ${instance.name}`}>
      {kinds.map((kind) => (
        <ActionButton key={kind} instance={instance} kind={kind} compact={compact} />
      ))}
    </div>
  );
}
