import type { DeploymentStatus, NodeStatus } from '@ocore/core';
import { Badge, type BadgeTone } from '../../../components/badge';

const tones: Record<NodeStatus | DeploymentStatus, BadgeTone> = {
  pending: 'neutral',
  queued: 'neutral',
  rendering: 'accent',
  applying: 'accent',
  running: 'accent',
  healthy: 'success',
  succeeded: 'success',
  failed: 'danger',
};

/** A node's or a deployment's status; the reason of a failure is said in text beside it. */
export function DeployStatusBadge({ status }: { status: NodeStatus | DeploymentStatus }) {
  return (
    <span className="deploy-status" data-status={status}>
      <Badge tone={tones[status]}>{status}</Badge>
    </span>
  );
}
