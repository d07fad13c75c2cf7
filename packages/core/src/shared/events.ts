import type { DomainEvent, NewDomainEvent } from './domain-event-kinds.js';

export type { DomainEvent, NewDomainEvent };

/** Durable event log, written inside the transaction of the change. */
export interface EventLog {
  /** Stores a transaction's events, in order; their ids follow commit order. */
  append(events: readonly NewDomainEvent[]): Promise<DomainEvent[]>;
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
  /** The agency through which an operator acted, when not as a member. */
  viaOrganizationId: string | null;
}

/** An audit entry as read back, newest first. */
export interface AuditRecord extends AuditEntry {
  id: string;
  actorEmail: string | null;
  /** Names for the ids, as they are now (a deleted target's name as its entry recorded it); null when unknown. */
  actorName: string | null;
  targetName: string | null;
  viaOrganizationName: string | null;
  createdAt: string;
}

export interface AuditQuery {
  organizationId: string;
  actorUserId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Keyset cursor: only entries with a smaller id. */
  beforeId?: string | undefined;
  limit: number;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Entries matching the query, newest first. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /** The actions the organization's log holds, each once, in alphabetical order. */
  actions(organizationId: string): Promise<string[]>;
  /**
   * One round of the purge: deletes, for each organization, up to its `bulkBatchSize` of
   * the entries older than its `auditRetentionDays` as of `now` (the defaults where it saved
   * none); returns how many were deleted in all.
   */
  purgeExpired(now: Date, defaults: { retentionDays: number; batchSize: number }): Promise<number>;
}
