import type { ServerRecord, ServerRepository, ServerStatus } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ServersTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';
import { keysetPage, matchesAny } from '../db/keyset.js';

function toRecord(row: Selectable<ServersTable>): ServerRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    host: row.host,
    port: row.port,
    sshUser: row.sshUser,
    sealedKey: row.sshPrivateKeySealed,
    sealedPassword: row.sshPasswordSealed,
    hasSshKey: row.sshPrivateKeySealed !== null,
    hasSshPassword: row.sshPasswordSealed !== null,
    sshHostKey: row.sshHostKey,
    dockerSocket: row.dockerSocket,
    capacity: { cpuCores: row.cpuCores, memoryMb: row.memoryMb, maxInstances: row.maxInstances },
    status: row.status as ServerStatus,
    lastProbeAt: row.lastProbeAt ? iso(row.lastProbeAt) : null,
    lastCheckedAt: row.lastProbeAt ? iso(row.lastProbeAt) : null,
    lastProbeError: row.lastProbeError,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Servers; credentials stay sealed in their columns. */
export function createServerRepository(db: Kysely<Database>): ServerRepository {
  return {
    async insert(s) {
      const row = await db
        .insertInto('servers')
        .values({
          organizationId: s.organizationId,
          name: s.name,
          host: s.host,
          port: s.port,
          sshUser: s.sshUser,
          sshPrivateKeySealed: s.sealedKey,
          sshPasswordSealed: s.sealedPassword,
          dockerSocket: s.dockerSocket,
          cpuCores: s.capacity.cpuCores,
          memoryMb: s.capacity.memoryMb,
          maxInstances: s.capacity.maxInstances,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async list(organizationId) {
      const rows = await db
        .selectFrom('servers')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    async page(organizationIds, query, filter) {
      let base = db.selectFrom('servers').selectAll().where('organizationId', 'in', organizationIds);
      if (filter.status) base = base.where('status', '=', filter.status);
      if (query.search) base = base.where(matchesAny(query.search, [sql.ref('name')]));
      const sort = {
        name: { expr: sql.ref('name'), kind: 'text' },
        createdAt: { expr: sql.ref('createdAt'), kind: 'time' },
        status: { expr: sql.ref('status'), kind: 'text' },
      } as const;
      const { rows, ...page } = await keysetPage(base, { query, sort: sort[query.sort], id: sql.ref('id') });
      return { ...page, items: rows.map(toRecord) };
    },
    async find(organizationId, id) {
      const row = await db
        .selectFrom('servers')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async findForUpdate(organizationId, id) {
      const row = await db
        .selectFrom('servers')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async update(id, patch) {
      const { capacity, sealedKey, sealedPassword, ...plain } = patch;
      const row = await db
        .updateTable('servers')
        .set({
          ...plain,
          ...(capacity
            ? { cpuCores: capacity.cpuCores, memoryMb: capacity.memoryMb, maxInstances: capacity.maxInstances }
            : {}),
          ...(sealedKey !== undefined ? { sshPrivateKeySealed: sealedKey } : {}),
          ...(sealedPassword !== undefined ? { sshPasswordSealed: sealedPassword } : {}),
          updatedAt: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async delete(id) {
      await db.deleteFrom('servers').where('id', '=', id).execute();
    },
    async dueForProbe(before, limit) {
      const rows = await db
        .selectFrom('servers')
        .selectAll()
        .where('status', '!=', 'maintenance')
        .where((eb) => eb.or([eb('lastProbeAt', 'is', null), eb('lastProbeAt', '<', before)]))
        .orderBy(sql`last_probe_at nulls first`)
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
    async saveProbe(id, status, error, at) {
      // A server put into maintenance meanwhile stays in maintenance.
      const row = await db
        .updateTable('servers')
        .set({
          status: sql<string>`case when status = 'maintenance' then status else ${status} end`,
          lastProbeError: error,
          lastProbeAt: at,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
  };
}
