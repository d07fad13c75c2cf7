import { describe, expect, it } from 'vitest';
import { operationKinds, type Operation, type OperationKind } from '../instances/operation.schema.js';
import type { DomainEvent } from '../shared/events.js';
import { candidatesFor } from './notification.messages.js';

const organizationId = '00000000-0000-4000-8000-000000000001';
const instanceId = '00000000-0000-4000-8000-000000000002';

/** An `instance.operation` event as the operation runner publishes it. */
function operationEvent(kind: OperationKind, status: Operation['status']): DomainEvent<'instance.operation'> {
  return {
    id: '42',
    organizationId,
    type: 'instance.operation',
    createdAt: '2026-12-07T12:00:00.000Z',
    payload: {
      targetType: 'instance',
      targetId: instanceId,
      operation: {
        id: '00000000-0000-4000-8000-000000000003',
        organizationId,
        instanceId,
        kind,
        status,
        step: status === 'failed' ? 'pull image' : null,
        error: status === 'failed' ? 'manifest unknown' : null,
        keepData: false,
        createdAt: '2026-12-07T11:59:00.000Z',
        startedAt: '2026-12-07T11:59:01.000Z',
        finishedAt: status === 'failed' ? '2026-12-07T12:00:00.000Z' : null,
      },
    },
  };
}

const kindOf = (kind: OperationKind, status: Operation['status'] = 'failed') =>
  candidatesFor(operationEvent(kind, status)).map((c) => c.message.kind);

describe('notifications of instance operations', () => {
  it('tells a failed update apart from a failed deploy, so that rules can route them separately', () => {
    expect(kindOf('update')).toEqual(['instance.update_failed']);
    for (const kind of ['provision', 'redeploy', 'start', 'restart'] as const)
      expect(kindOf(kind), kind).toEqual(['instance.deploy_failed']);
  });

  it('says what failed, at which step and why', () => {
    const [candidate] = candidatesFor(operationEvent('update', 'failed'));
    expect(candidate?.message).toMatchObject({
      organizationId,
      title: 'The update of an instance failed',
      target: { type: 'instance', id: instanceId },
    });
    expect(candidate?.message.text).toBe(
      `The update of instance ${instanceId} failed at the step "pull image": manifest unknown.`,
    );
  });

  it('notifies nothing for an operation that succeeded, is under way, or stops or deletes the instance', () => {
    for (const kind of operationKinds)
      for (const status of ['queued', 'running', 'succeeded'] as const) expect(kindOf(kind, status)).toEqual([]);
    expect(kindOf('stop')).toEqual([]);
    expect(kindOf('delete')).toEqual([]);
  });
});
