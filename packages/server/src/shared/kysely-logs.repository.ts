import { auditTargetName } from '../audit/audit-names.js';
import type { AuditLog, DomainEvent, DomainEventType, EventLog } from '@ocore/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

/**
 * An `events` row as the domain event it stores. The log holds only what `append` took, which
 * the port types per event type, so the row's type and payload belong together.
 */
export function toEvent(row: {
  id: string | number;
  organizationId: string;
  type: string;
  payload: unknown;
  createdAt: Date;
}): DomainEvent {
  return {
    id: String(row.id),
    organizationId: row.organizationId,
    type: row.type as DomainEventType,
    payload: row.payload as DomainEvent['payload'],
    createdAt: iso(row.createdAt),
  } as DomainEvent;
}

/** The key of the advisory lock that puts event ids in commit order. */
const eventWriterLock = 7_170_001;

/** The durable event log that live subscribers replay from. */
export function createEventLog(db: Kysely<Database>): EventLog {
  return {
    /**
     * Ids must follow commit order: a subscriber that has seen id 101 skips 100, so a
     * transaction holding 100 that commits after 101 would lose its event for every live
     * subscriber, and for replays from 101. One transaction at a time appends events, from its
     * append (one call with all its events) until it commits; `commitAndPublish` appends last,
     * so that is short.
     */
    async append(events) {
      if (events.length === 0) return [];
      await sql`select pg_advisory_xact_lock(${eventWriterLock})`.execute(db);
      const rows = await db
        .insertInto('events')
        .values(
          events.map((e) => ({ organizationId: e.organizationId, type: e.type, payload: JSON.stringify(e.payload) })),
        )
        .returningAll()
        .execute();
      return rows.map(toEvent);
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
    async list(q) {
      let query = db
        .selectFrom('auditLog as a')
        .leftJoin('users', 'users.id', 'a.actorUserId')
        .leftJoin('organizations as via', 'via.id', 'a.viaOrganizationId')
        .selectAll('a')
        .select(['users.email as actorEmail', 'users.name as actorName', 'via.name as viaOrganizationName'])
        .select(auditTargetName().as('targetName'))
        .where('a.organizationId', '=', q.organizationId);
      if (q.actorUserId) query = query.where('a.actorUserId', '=', q.actorUserId);
      if (q.action) query = query.where('a.action', '=', q.action);
      if (q.targetType) query = query.where('a.targetType', '=', q.targetType);
      if (q.targetId) query = query.where('a.targetId', '=', q.targetId);
      if (q.since) query = query.where('a.createdAt', '>=', new Date(q.since));
      if (q.until) query = query.where('a.createdAt', '<', new Date(q.until));
      if (q.beforeId) query = query.where('a.id', '<', q.beforeId);
      const rows = await query.orderBy('a.id', 'desc').limit(q.limit).execute();
      return rows.map((r) => ({
        ...r,
        id: String(r.id),
        createdAt: iso(r.createdAt),
        actorEmail: r.actorEmail ?? null,
        actorName: r.actorName ?? null,
        viaOrganizationName: r.viaOrganizationName ?? null,
        targetName: r.targetName ?? null,
      }));
    },
    async actions(organizationId) {
      const rows = await db
        .selectFrom('auditLog')
        .select('action')
        .distinct()
        .where('organizationId', '=', organizationId)
        .orderBy('action')
        .execute();
      return rows.map((r) => r.action);
    },
    async purgeExpired(now, defaults) {
      const result = await sql<{ id: string }>`
        with expired as (
          select a.id,
                 row_number() over (partition by a.organization_id order by a.id) as n,
                 coalesce(s.bulk_batch_size, ${defaults.batchSize}) as batch
          from audit_log a
          left join org_settings s on s.organization_id = a.organization_id
          where a.created_at < ${now}::timestamptz - make_interval(days => coalesce(s.audit_retention_days, ${defaults.retentionDays}))
        )
        delete from audit_log where id in (select id from expired where n <= batch) returning id`.execute(db);
      return result.rows.length;
    },
  };
}
