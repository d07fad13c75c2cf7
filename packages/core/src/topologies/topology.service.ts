import { withListDefaults, type Page } from '../shared/list-query.js';
import type { ListTopologiesInput } from './topology.schema.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { changedFields, definedFields } from '../shared/fields.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import type { Repositories } from '../shared/store.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import { validateTopology, type ServerFacts } from './topology.rules.js';
import {
  defaultHaConfig,
  type HaConfig,
  type Topology,
  type TopologyData,
  type TopologyValidation,
} from './topology.schema.js';

/** The organization's topologies (view:topologies). */
export async function listTopologies(
  deps: CoreDeps,
  actor: Actor,
  input?: ListTopologiesInput,
): Promise<Page<Topology>> {
  requirePermission(actor, 'view:topologies');
  const query = withListDefaults(input, { sort: 'createdAt', direction: 'asc' });
  return deps.store.topologies.page(actor.organizationId, query);
}

async function findTopology(deps: CoreDeps, actor: Actor, id: string): Promise<Topology> {
  const topology = await deps.store.topologies.find(actor.organizationId, id);
  if (!topology) throw notFound('Topology');
  return topology;
}

/** One topology (view:topologies). */
export async function getTopology(deps: CoreDeps, actor: Actor, id: string): Promise<Topology> {
  requirePermission(actor, 'view:topologies');
  return findTopology(deps, actor, id);
}

/**
 * Every server a topology names must be one of the organization's own, checked on save: an id
 * of another organization's server is answered as an unknown one, naming the field.
 */
async function assertOwnServers(
  tx: Repositories,
  organizationId: string,
  refs: readonly { field: string; serverId: string | null | undefined }[],
): Promise<void> {
  for (const { field, serverId } of refs) {
    if (!serverId || (await tx.servers.find(organizationId, serverId))) continue;
    throw new DomainError('NOT_FOUND', `${field}: Server not found in this organization`, { field });
  }
}

const nodeRefs = (data: TopologyData | undefined) =>
  (data?.nodes ?? []).map((n, i) => ({ field: `topologyData.nodes.${i}.serverId`, serverId: n.serverId }));

/** Designs a new topology (manage:topologies); its servers must be the organization's, the rest is checked by validate. */
export async function createTopology(
  deps: CoreDeps,
  actor: Actor,
  input: { name: string; description?: string | null | undefined; topologyData: TopologyData },
): Promise<Topology> {
  requirePermission(actor, 'manage:topologies');
  return commitAndPublish(deps, async (tx, record) => {
    await assertOwnServers(tx, actor.organizationId, nodeRefs(input.topologyData));
    const topology = await tx.topologies.insert({
      organizationId: actor.organizationId,
      name: input.name,
      description: input.description ?? null,
      topologyData: input.topologyData,
      haConfig: defaultHaConfig,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'topology.created',
      targetType: 'topology',
      targetId: topology.id,
      diff: { after: { name: topology.name, nodes: topology.topologyData.nodes.length } },
    });
    return topology;
  });
}

/** Changes name, description or graph (manage:topologies). */
export async function updateTopology(
  deps: CoreDeps,
  actor: Actor,
  input: {
    id: string;
    name?: string | undefined;
    description?: string | null | undefined;
    topologyData?: TopologyData | undefined;
  },
): Promise<Topology> {
  requirePermission(actor, 'manage:topologies');
  return commitAndPublish(deps, async (tx, record) => {
    const before = await tx.topologies.find(actor.organizationId, input.id);
    if (!before) throw notFound('Topology');
    await assertOwnServers(tx, actor.organizationId, nodeRefs(input.topologyData));
    const patch = Object.fromEntries(
      Object.entries({ name: input.name, description: input.description, topologyData: input.topologyData }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    const after = await tx.topologies.update(before.id, patch);
    const diff: Record<string, unknown> = changedFields(before, after, ['name', 'description']);
    if (input.topologyData)
      diff['topologyData'] = {
        nodes: { from: before.topologyData.nodes.length, to: after.topologyData.nodes.length },
        edges: { from: before.topologyData.edges.length, to: after.topologyData.edges.length },
      };
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'topology.updated',
      targetType: 'topology',
      targetId: after.id,
      diff,
    });
    return after;
  });
}

/** Sets the high-availability options (manage:topologies); fields not sent keep their values. */
export async function setHaConfig(
  deps: CoreDeps,
  actor: Actor,
  id: string,
  input: Partial<HaConfig>,
): Promise<Topology> {
  requirePermission(actor, 'manage:topologies');
  return commitAndPublish(deps, async (tx, record) => {
    // Locked: the HA settings are merged, so concurrent partial updates must not overwrite each other.
    const before = await tx.topologies.findForUpdate(actor.organizationId, id);
    if (!before) throw notFound('Topology');
    await assertOwnServers(tx, actor.organizationId, [
      { field: 'lbServerId', serverId: input.lbServerId },
      { field: 'redisServerId', serverId: input.redisServerId },
    ]);
    const defined: Partial<HaConfig> = definedFields(input);
    const after = await tx.topologies.update(before.id, { haConfig: { ...before.haConfig, ...defined } });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'topology.ha_config_updated',
      targetType: 'topology',
      targetId: id,
      diff: changedFields(before.haConfig, after.haConfig, [
        'lbType',
        'lbServerId',
        'filestoreType',
        'redisEnabled',
        'redisServerId',
        'pgFailoverEnabled',
      ]),
    });
    return after;
  });
}

/** Removes a topology (manage:topologies). */
export async function deleteTopology(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:topologies');
  await commitAndPublish(deps, async (tx, record) => {
    const topology = await tx.topologies.find(actor.organizationId, id);
    if (!topology) throw notFound('Topology');
    const [latest] = await tx.deployments.list(actor.organizationId, id, 1);
    if (latest && (latest.status === 'queued' || latest.status === 'running')) {
      throw new DomainError('IN_USE', 'The topology is being deployed; delete it once the deployment has finished');
    }
    await tx.topologies.delete(id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'topology.deleted',
      targetType: 'topology',
      targetId: id,
      diff: { before: { name: topology.name } },
    });
  });
}

/**
 * Checks a topology against the organization's servers as they are now (view:topologies):
 * its stored graph, or `draft`, a graph not saved yet, with the stored HA settings.
 */
export async function checkTopology(
  deps: CoreDeps,
  actor: Actor,
  id: string,
  draft?: TopologyData,
): Promise<TopologyValidation> {
  requirePermission(actor, 'view:topologies');
  const topology = await findTopology(deps, actor, id);
  const servers = await deps.store.servers.list(actor.organizationId);
  const facts = new Map<string, ServerFacts>(servers.map((s) => [s.id, { name: s.name, status: s.status }]));
  return validateTopology(draft ?? topology.topologyData, topology.haConfig, facts);
}
