import type { Instance, InstanceStatus, OperationStatus } from '@ocore/core';
import { Badge, type BadgeTone } from '../../../components/badge';

const tones: Record<InstanceStatus, BadgeTone> = {
  pending: 'neutral',
  deploying: 'accent',
  running: 'success',
  stopped: 'neutral',
  failed: 'danger',
  deleting: 'warning',
};

const explanations: Record<InstanceStatus, string> = {
  pending: 'Waiting for its provisioning to start.',
  deploying: 'An operation is working on it.',
  running: 'Odoo answered its health check.',
  stopped: 'Stopped by a user.',
  failed: 'Its last operation failed.',
  deleting: 'Being removed.',
};

type StatusFields = Pick<Instance, 'status' | 'failedStep' | 'failureReason'>;

/** `failed at connect to server: why`, or null unless it failed. */
export function failureOf(instance: StatusFields): string | null {
  if (instance.status !== 'failed') return null;
  const step = instance.failedStep ? ` at ${instance.failedStep}` : '';
  return `Failed${step}: ${instance.failureReason ?? 'no reason given'}`;
}

/** The instance's status; a failure says where and why in text beside the badge. */
export function InstanceStatusBadge({ instance, brief = false }: { instance: StatusFields; brief?: boolean }) {
  const failure = failureOf(instance);
  return (
    <span className="server-status" data-status={instance.status}>
      <Badge tone={tones[instance.status]} title={failure ?? explanations[instance.status]}>
        {instance.status}
      </Badge>
      {failure && !brief ? <span className="field-hint instance-failure">{failure}</span> : null}
    </span>
  );
}

const operationTones: Record<OperationStatus, BadgeTone> = {
  queued: 'neutral',
  running: 'accent',
  succeeded: 'success',
  failed: 'danger',
};

/** An operation's status. */
export function OperationStatusBadge({ status }: { status: OperationStatus }) {
  return <Badge tone={operationTones[status]}>{status}</Badge>;
}
