import type {
  MetricResolution,
  MetricSample,
  MetricsRepository,
  SampleEventPruner,
  StoredMetricSample,
} from '@ocore/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, InstanceMetricsTable } from '../db/database.js';

function toSample(row: Selectable<InstanceMetricsTable>): MetricSample {
  return {
    at: row.at.toISOString(),
    cpuPercent: row.cpuPercent,
    memoryBytes: row.memoryBytes,
    memoryLimitBytes: row.memoryLimitBytes,
    networkRxBytes: row.networkRxBytes,
    networkTxBytes: row.networkTxBytes,
    blockReadBytes: row.blockReadBytes,
    blockWriteBytes: row.blockWriteBytes,
    healthChecks: row.healthChecks,
    healthPassed: row.healthPassed,
    responseMs: row.responseMs,
  };
}

const toRow = (resolution: MetricResolution, s: StoredMetricSample) => ({ ...s, resolution, at: new Date(s.at) });

/** Metric points in PostgreSQL, raw and rolled up in one table. */
export function createMetricsRepository(db: Kysely<Database>): MetricsRepository & SampleEventPruner {
  return {
    async insert(resolution, samples) {
      if (samples.length === 0) return;
      await db
        .insertInto('instanceMetrics')
        .values(samples.map((s) => toRow(resolution, s)))
        .onConflict((c) => c.columns(['instanceId', 'resolution', 'at']).doNothing())
        .execute();
    },
    async upsertRollups(samples) {
      if (samples.length === 0) return;
      await db
        .insertInto('instanceMetrics')
        .values(samples.map((s) => toRow('5m', s)))
        .onConflict((c) =>
          c.columns(['instanceId', 'resolution', 'at']).doUpdateSet((eb) => ({
            cpuPercent: eb.ref('excluded.cpuPercent'),
            memoryBytes: eb.ref('excluded.memoryBytes'),
            memoryLimitBytes: eb.ref('excluded.memoryLimitBytes'),
            networkRxBytes: eb.ref('excluded.networkRxBytes'),
            networkTxBytes: eb.ref('excluded.networkTxBytes'),
            blockReadBytes: eb.ref('excluded.blockReadBytes'),
            blockWriteBytes: eb.ref('excluded.blockWriteBytes'),
            healthChecks: eb.ref('excluded.healthChecks'),
            healthPassed: eb.ref('excluded.healthPassed'),
            responseMs: eb.ref('excluded.responseMs'),
          })),
        )
        .execute();
    },
    async list(instanceId, resolution, from, to) {
      const rows = await db
        .selectFrom('instanceMetrics')
        .selectAll()
        .where('instanceId', '=', instanceId)
        .where('resolution', '=', resolution)
        .where('at', '>=', from)
        .where('at', '<=', to)
        .orderBy('at')
        .execute();
      return rows.map(toSample);
    },
    async listRawSince(from) {
      const rows = await db
        .selectFrom('instanceMetrics')
        .selectAll()
        .where('resolution', '=', '10s')
        .where('at', '>=', from)
        .orderBy('instanceId')
        .orderBy('at')
        .execute();
      return rows.map((row) => ({ ...toSample(row), instanceId: row.instanceId, organizationId: row.organizationId }));
    },
    async latest(instanceId) {
      const row = await db
        .selectFrom('instanceMetrics')
        .selectAll()
        .where('instanceId', '=', instanceId)
        .where('resolution', '=', '10s')
        .orderBy('at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toSample(row);
    },
    async prune(resolution, before) {
      const result = await db
        .deleteFrom('instanceMetrics')
        .where('resolution', '=', resolution)
        .where('at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async listRunningInstanceIds() {
      const rows = await db.selectFrom('instances').select('id').where('status', '=', 'running').execute();
      return rows.map((r) => r.id);
    },
    async pruneEvents(type, before) {
      const result = await db
        .deleteFrom('events')
        .where('type', '=', type)
        .where('createdAt', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
