import type { Actor, Principal } from '../auth/actor.js';
import type { DomainEvent, EventPublisher, NewDomainEvent } from './events.js';
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
 * Records a change inside the caller's transaction: one audit entry and one event. The
 * caller publishes the returned event once the transaction has committed.
 */
export async function recordChange(
  tx: Repositories,
  actor: Principal | Actor,
  change: Change,
): Promise<DomainEvent> {
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
  return tx.events.append({
    organizationId: change.organizationId,
    type: change.action,
    payload: { targetType: change.targetType, targetId: change.targetId, ...change.payload },
  });
}

/**
 * Runs `work` in a transaction, then publishes the events it stored: `record` for a change
 * someone made (audit entry and event), `emit` for what the system observed (event only).
 */
export async function commitAndPublish<T>(
  deps: { store: { transaction<R>(work: (tx: Repositories) => Promise<R>): Promise<R> }; events: EventPublisher },
  work: (
    tx: Repositories,
    record: (actor: Principal | Actor, change: Change) => Promise<void>,
    emit: (event: NewDomainEvent) => Promise<void>,
  ) => Promise<T>,
): Promise<T> {
  const stored: DomainEvent[] = [];
  const result = await deps.store.transaction((tx) =>
    work(
      tx,
      async (actor, change) => {
        stored.push(await recordChange(tx, actor, change));
      },
      async (event) => {
        stored.push(await tx.events.append(event));
      },
    ),
  );
  deps.events.publish(stored);
  return result;
}
