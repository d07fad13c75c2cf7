import type { Actor, Principal } from '../auth/actor.js';
import type { EventPublisher, NewDomainEvent } from './events.js';
import type { Repositories } from './store.js';

export interface Change {
  organizationId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  diff?: Record<string, unknown>;
  /** Pushed to live subscribers of the organization after commit. */
  payload?: Record<string, unknown>;
}

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
  return {
    organizationId: change.organizationId,
    type: change.action,
    payload: { targetType: change.targetType, targetId: change.targetId, ...change.payload },
  };
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
