import { keysetPage, matchesAny } from '../db/keyset.js';
import {
  deploymentRunning,
  notFound,
  type Deployment,
  type DeploymentRepository,
  type DeploymentStatus,
  type HaConfig,
  type NodeKind,
  type NodeStatus,
  type Topology,
  type TopologyData,
  type TopologyRepository,
} from '@ocore/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DeploymentsTable, TopologiesTable } from '../db/database.js';
import { iso, translateUnique } from '../db/pg-errors.js';

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
        .values({
          organizationId: t.organizationId,
          name: t.name,
          description: t.description,
          topologyData: JSON.stringify(t.topologyData),
          haConfig: JSON.stringify(t.haConfig),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTopology(row);
    },
    async list(organizationId) {
      const rows = await db
        .selectFrom('topologies')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toTopology);
    },
    async page(organizationId, query) {
      let base = db.selectFrom('topologies').selectAll().where('organizationId', '=', organizationId);
      if (query.search) base = base.where(matchesAny(query.search, [sql.ref('name'), sql.ref('description')]));
      const sort = {
        name: { expr: sql.ref('name'), kind: 'text' },
        createdAt: { expr: sql.ref('createdAt'), kind: 'time' },
        updatedAt: { expr: sql.ref('updatedAt'), kind: 'time' },
      } as const;
      const { rows, ...page } = await keysetPage(base, { query, sort: sort[query.sort], id: sql.ref('id') });
      return { ...page, items: rows.map(toTopology) };
    },
    async find(organizationId, id) {
      const row = await db
        .selectFrom('topologies')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toTopology(row);
    },
    async findForUpdate(organizationId, id) {
      const row = await db
        .selectFrom('topologies')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
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
    async findSealedSecrets(id) {
      const row = await db.selectFrom('topologies').select('secretsSealed').where('id', '=', id).executeTakeFirst();
      return row?.secretsSealed ?? null;
    },
    async saveSealedSecrets(id, sealed) {
      await db.updateTable('topologies').set({ secretsSealed: sealed }).where('id', '=', id).execute();
    },
  };
}

/** Deployments with their nodes (one row each, in apply order). */
export function createDeploymentRepository(db: Kysely<Database>): DeploymentRepository {
  async function load(rows: Selectable<DeploymentsTable>[]): Promise<Deployment[]> {
    if (rows.length === 0) return [];
    const nodes = await db
      .selectFrom('deploymentNodes')
      .selectAll()
      .where(
        'deploymentId',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      organizationId: row.organizationId,
      topologyId: row.topologyId,
      status: row.status as DeploymentStatus,
      error: row.error,
      createdAt: iso(row.createdAt),
      startedAt: row.startedAt && iso(row.startedAt),
      finishedAt: row.finishedAt && iso(row.finishedAt),
      nodes: nodes
        .filter((n) => n.deploymentId === row.id)
        .map((n) => ({
          nodeId: n.nodeId,
          kind: n.kind as NodeKind,
          serverId: n.serverId,
          status: n.status as NodeStatus,
          reason: n.reason,
          files: n.files,
          updatedAt: iso(n.updatedAt),
        })),
    }));
  }
  const one = async (id: string) => {
    const [deployment] = await load(await db.selectFrom('deployments').selectAll().where('id', '=', id).execute());
    if (!deployment) throw notFound('Deployment');
    return deployment;
  };
  return {
    async insert(d) {
      const row = await translateUnique(
        'deployments_one_active',
        () =>
          db
            .insertInto('deployments')
            .values({ organizationId: d.organizationId, topologyId: d.topologyId, status: 'queued' })
            .returningAll()
            .executeTakeFirstOrThrow(),
        () => deploymentRunning(),
      );
      if (d.nodes.length > 0) {
        await db
          .insertInto('deploymentNodes')
          .values(
            d.nodes.map((n, position) => ({
              deploymentId: row.id,
              nodeId: n.nodeId,
              position,
              kind: n.kind,
              serverId: n.serverId,
              status: 'pending',
              files: '[]',
            })),
          )
          .execute();
      }
      return one(row.id);
    },
    async find(organizationId, id) {
      return (
        await load(
          await db
            .selectFrom('deployments')
            .selectAll()
            .where('organizationId', '=', organizationId)
            .where('id', '=', id)
            .execute(),
        )
      )[0];
    },
    async findById(id) {
      return (await load(await db.selectFrom('deployments').selectAll().where('id', '=', id).execute()))[0];
    },
    async list(organizationId, topologyId, limit) {
      const rows = await db
        .selectFrom('deployments')
        .selectAll()
        .where('organizationId', '=', organizationId)
        .where('topologyId', '=', topologyId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return load(rows);
    },
    async setStatus(id, patch) {
      await db
        .updateTable('deployments')
        .set({
          status: patch.status,
          ...(patch.error !== undefined ? { error: patch.error } : {}),
          ...(patch.startedAt ? { startedAt: patch.startedAt } : {}),
          ...(patch.finishedAt !== undefined ? { finishedAt: patch.finishedAt } : {}),
        })
        .where('id', '=', id)
        .execute();
      return one(id);
    },
    async setNode(id, nodeId, patch, at) {
      await db
        .updateTable('deploymentNodes')
        .set({
          status: patch.status,
          reason: patch.reason,
          updatedAt: at,
          ...(patch.files ? { files: JSON.stringify(patch.files) } : {}),
        })
        .where('deploymentId', '=', id)
        .where('nodeId', '=', nodeId)
        .execute();
      return one(id);
    },
  };
}
