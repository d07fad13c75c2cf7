import { describe, expect, it } from 'vitest';
import { operationKinds, type Operation, type OperationKind } from '../instances/operation.schema.js';
import type { DomainEvent } from '../shared/events.js';
import { candidatesFor, needsInstanceName } from './notification.messages.js';

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

  it('names the instance when the notifier found it (the event carries only its id)', () => {
    const event = operationEvent('update', 'failed');
    expect(needsInstanceName(event)).toBe(instanceId);
    expect(needsInstanceName(operationEvent('update', 'succeeded'))).toBeUndefined();
    const [candidate] = candidatesFor(event, { instanceName: 'Shop' });
    expect(candidate?.message).toMatchObject({
      title: 'The update of instance Shop failed',
      target: { type: 'instance', id: instanceId, name: 'Shop' },
    });
    expect(candidate?.message.text).toBe(
      'The update of instance Shop failed at the step "pull image": manifest unknown.',
    );
  });

  it('notifies nothing for an operation that succeeded, is under way, or stops or deletes the instance', () => {
    for (const kind of operationKinds)
      for (const status of ['queued', 'running', 'succeeded'] as const) expect(kindOf(kind, status)).toEqual([]);
    expect(kindOf('stop')).toEqual([]);
    expect(kindOf('delete')).toEqual([]);
  });
});

/** An `instance_domain.status` event as the instance-domain slice publishes it. */
function instanceDomainEvent(state: { status: string; sslStatus: string }): DomainEvent<'instance_domain.status'> {
  return {
    id: '43',
    organizationId,
    type: 'instance_domain.status',
    createdAt: '2026-12-07T12:00:00.000Z',
    payload: {
      targetType: 'instance_domain',
      targetId: '00000000-0000-4000-8000-000000000004',
      instanceId,
      domain: {
        id: '00000000-0000-4000-8000-000000000004',
        domain: 'erp.client.example',
        lastError: state.status === 'misconfigured' ? 'erp.client.example has no A record' : null,
        sslError: state.sslStatus === 'failed' ? 'CAA forbids issuance' : null,
        ...state,
      } as DomainEvent<'instance_domain.status'>['payload']['domain'],
    },
  };
}

describe("notifications of an instance's domains", () => {
  it('tells of a misconfigured domain and a failed certificate, with a link to the domains page', () => {
    const candidates = candidatesFor(instanceDomainEvent({ status: 'misconfigured', sslStatus: 'failed' }));
    const sent = candidates.filter((c) => !c.silent).map((c) => c.message);
    expect(sent.map((m) => m.kind)).toEqual(['certificate.failed', 'domain.misconfigured']);
    for (const m of sent) {
      expect(m.target).toMatchObject({ type: 'instance_domain', name: 'erp.client.example' });
      expect(m.path).toBe(`/instances/${instanceId}/domains`);
      expect(m.organizationId).toBe(organizationId);
    }
    expect(sent[0]?.text).toContain('CAA forbids issuance');
    expect(sent[1]?.text).toContain('has no A record');
  });

  it('only records the state of a domain that is fine', () => {
    const candidates = candidatesFor(instanceDomainEvent({ status: 'verified', sslStatus: 'active' }));
    expect(candidates.map((c) => [c.message.kind, c.silent, c.transition?.to])).toEqual([
      ['certificate.failed', true, 'ok'],
      ['domain.misconfigured', true, 'ok'],
    ]);
  });
});
