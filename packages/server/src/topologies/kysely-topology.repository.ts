import type { HaConfig, Topology, TopologyData, TopologyRepository } from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, TopologiesTable } from '../db/database.js';
import { iso } from '../db/pg-errors.js';

function toTopology(row: Selectable<TopologiesTable>): Topology {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    description: row.description,
    topologyData: row.topologyData as TopologyData,
    haConfig: row.haConfig as HaConfig,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Topologies; the graph and the HA settings are stored as JSON. */
export function createTopologyRepository(db: Kysely<Database>): TopologyRepository {
  return {
    async insert(t) {
      const row = await db
        .insertInto('topologies')
        .values({ organizationId: t.organizationId, name: t.name, description: t.description, topologyData: JSON.stringify(t.topologyData), haConfig: JSON.stringify(t.haConfig) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTopology(row);
    },
    async list(organizationId) {
      const rows = await db.selectFrom('topologies').selectAll().where('organizationId', '=', organizationId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toTopology);
    },
    async find(organizationId, id) {
      const row = await db.selectFrom('topologies').selectAll().where('organizationId', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row && toTopology(row);
    },
    async update(id, patch) {
      const row = await db
        .updateTable('topologies')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.topologyData ? { topologyData: JSON.stringify(patch.topologyData) } : {}),
          ...(patch.haConfig ? { haConfig: JSON.stringify(patch.haConfig) } : {}),
          updatedAt: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTopology(row);
    },
    async delete(id) {
      await db.deleteFrom('topologies').where('id', '=', id).execute();
    },
  };
}
