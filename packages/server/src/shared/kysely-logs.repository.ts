import type { AuditLog, DomainEvent, EventLog } from '@ocore/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toEvent(row: { id: string | number; organizationId: string; type: string; payload: Record<string, unknown>; createdAt: Date }): DomainEvent {
  return { id: String(row.id), organizationId: row.organizationId, type: row.type, payload: row.payload, createdAt: iso(row.createdAt) };
}

/** The durable event log that live subscribers replay from. */
export function createEventLog(db: Kysely<Database>): EventLog {
  return {
    async append(event) {
      const row = await db
        .insertInto('events')
        .values({ organizationId: event.organizationId, type: event.type, payload: JSON.stringify(event.payload) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEvent(row);
    },
    async listAfter(organizationIds, afterId, limit) {
      if (organizationIds.length === 0) return [];
      let query = db.selectFrom('events').selectAll().where('organizationId', 'in', organizationIds);
      if (afterId !== null) query = query.where('id', '>', afterId);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(toEvent);
    },
  };
}

/** The audit log, written in the same transaction as the change it records. */
export function createAuditLog(db: Kysely<Database>): AuditLog {
  return {
    async record(entry) {
      await db
        .insertInto('auditLog')
        .values({ ...entry, diff: JSON.stringify(entry.diff) })
        .execute();
    },
  };
}
