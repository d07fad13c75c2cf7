import {
  operationRunning,
  type LogLevel,
  type Operation,
  type OperationKind,
  type OperationRepository,
  type OperationStatus,
} from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, InstanceOperationsTable } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

function toOperation(row: Selectable<InstanceOperationsTable>): Operation {
  return {
    id: row.id,
    organizationId: row.organizationId,
    instanceId: row.instanceId,
    kind: row.kind as OperationKind,
    status: row.status as OperationStatus,
    step: row.step,
    error: row.error,
    keepData: row.keepData,
    createdAt: iso(row.createdAt),
    startedAt: row.startedAt && iso(row.startedAt),
    finishedAt: row.finishedAt && iso(row.finishedAt),
  };
}

/** Operations on instances and their log lines. */
export function createOperationRepository(db: Kysely<Database>): OperationRepository {
  const byId = async (id: string) =>
    toOperation(await db.selectFrom('instanceOperations').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  return {
    async insert(o) {
      const row = await translateUnique(
        'instance_operations_one_active',
        () =>
          db
            .insertInto('instanceOperations')
            .values({ ...o, status: 'queued' })
            .returningAll()
            .executeTakeFirstOrThrow(),
        () => operationRunning(),
      );
      return toOperation(row);
    },
    async findById(id) {
      const row = await db.selectFrom('instanceOperations').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOperation(row);
    },
    async list(organizationId, instanceId, limit) {
      const rows = await db
        .selectFrom('instanceOperations')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('instanceId', '=', instanceId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const logs =
        rows.length === 0
          ? []
          : await db
              .selectFrom('instanceOperationLogs')
              .select(['operationId', 'at', 'level', 'step', 'text'])
              .where(
                'operationId',
                'in',
                rows.map((r) => r.id),
              )
              .orderBy('id')
              .execute();
      return rows.map((row) => ({
        ...toOperation(row),
        logs: logs
          .filter((l) => l.operationId === row.id)
          .map((l) => ({ at: iso(l.at), level: l.level as LogLevel, step: l.step, text: l.text })),
      }));
    },
    async update(id, patch) {
      await db.updateTable('instanceOperations').set(patch).where('id', '=', id).execute();
      return byId(id);
    },
    async appendLog(id, line) {
      await db
        .insertInto('instanceOperationLogs')
        .values({ operationId: id, at: new Date(line.at), level: line.level, step: line.step, text: line.text })
        .execute();
    },
    async failQueued(instanceId, error, at) {
      const row = await db
        .updateTable('instanceOperations')
        .set({ status: 'failed', error, finishedAt: at })
        .where('instanceId', '=', instanceId)
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      return row && toOperation(row);
    },
    async heartbeat(id, at) {
      await db.updateTable('instanceOperations').set({ heartbeatAt: at }).where('id', '=', id).execute();
    },
    async listStale(before) {
      const rows = await db
        .selectFrom('instanceOperations')
        .selectAll()
        .where('status', '=', 'running')
        .where((eb) =>
          eb.or([
            eb('heartbeatAt', '<', before),
            eb.and([eb('heartbeatAt', 'is', null), eb('startedAt', '<', before)]),
          ]),
        )
        .execute();
      return rows.map(toOperation);
    },
  };
}
