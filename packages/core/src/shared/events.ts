/** Something that happened, as stored for audit and replay and pushed to live subscribers. */
export interface DomainEvent {
  /** Increasing id, usable as `lastEventId` to replay what came after. */
  id: string;
  organizationId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type NewDomainEvent = Omit<DomainEvent, 'id' | 'createdAt'>;

/** Durable event log, written inside the transaction of the change. */
export interface EventLog {
  append(event: NewDomainEvent): Promise<DomainEvent>;
  listAfter(organizationIds: readonly string[], afterId: string | null, limit: number): Promise<DomainEvent[]>;
}

/** Tells live subscribers, after commit, that events were stored. */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): void;
}

/** One entry of the audit log. */
export interface AuditEntry {
  organizationId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  diff: Record<string, unknown>;
  ip: string | null;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
