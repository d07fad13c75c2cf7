import type { Actor, Principal } from '../auth/actor.js';
import type { DomainEventPayloads, DomainEventType, EventTarget } from './domain-events.js';
import type { EventPublisher, NewDomainEvent } from './events.js';
import type { Repositories } from './store.js';

/** A payload field that may be left out when the event carries nothing beyond its target. */
type PayloadOf<P> = Partial<P> extends P ? { payload?: P } : { payload: P };

/**
 * A change someone made, of one event type (any, by default): its audit entry and the event
 * pushed to live subscribers after commit (`targetType`/`targetId` go into both).
 */
export type Change<T extends DomainEventType = DomainEventType> = T extends DomainEventType
  ? {
      organizationId: string;
      action: T;
      targetType: string;
      targetId: string | null;
      diff?: Record<string, unknown>;
    } & PayloadOf<Omit<DomainEventPayloads[T], keyof EventTarget>>
  : never;

/**
 * Records a change inside the caller's transaction: its audit entry now, and returns the
 * event to append to the event log before the transaction commits.
 */
async function auditChange(tx: Repositories, actor: Principal | Actor, change: Change): Promise<NewDomainEvent> {
  await tx.audit.record({
    organizationId: change.organizationId,
    actorUserId: actor.userId,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    diff: change.diff ?? {},
    ip: actor.ip,
    viaOrganizationId: 'viaAgency' in actor && actor.viaAgency ? actor.agencyOrganizationId : null,
  });
  // The payload is the change's own plus its target: the type's payload by construction, which
  // the compiler cannot follow through the union of types.
  return {
    organizationId: change.organizationId,
    type: change.action,
    payload: { targetType: change.targetType, targetId: change.targetId, ...change.payload },
  } as NewDomainEvent;
}

/**
 * Runs `work` in a transaction, then publishes the events it stored: `record` for a change
 * someone made (audit entry and event), `emit` for what the system observed (event only).
 * The events are appended last, right before the commit: the event log gives ids in commit
 * order by letting one transaction append at a time, so that window is kept short.
 */
export async function commitAndPublish<T>(
  deps: { store: { transaction<R>(work: (tx: Repositories) => Promise<R>): Promise<R> }; events: EventPublisher },
  work: (
    tx: Repositories,
    record: (actor: Principal | Actor, change: Change) => Promise<void>,
    emit: (event: NewDomainEvent) => Promise<void>,
  ) => Promise<T>,
): Promise<T> {
  const { value, stored } = await deps.store.transaction(async (tx) => {
    const pending: NewDomainEvent[] = [];
    const value = await work(
      tx,
      async (actor, change) => {
        pending.push(await auditChange(tx, actor, change));
      },
      (event) => {
        pending.push(event);
        return Promise.resolve();
      },
    );
    return { value, stored: await tx.events.append(pending) };
  });
  deps.events.publish(stored);
  return value;
}
