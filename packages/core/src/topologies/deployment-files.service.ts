import { z } from 'zod';
import { requirePermission, type Actor } from '../auth/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import { idSchema } from '../shared/common.schema.js';
import { planDeployment, type PlanServer } from './deployment.plan.js';
import type { ConfigRenderer, DeploySecrets } from './deployment.ports.js';
import { nodeKinds } from './topology.schema.js';

export const topologyFilesSchema = z.object({
  topologyId: idSchema,
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      kind: z.enum(nodeKinds),
      serverId: idSchema,
      /** Compose files and configuration; passwords are placeholders to fill in. */
      files: z.array(z.object({ path: z.string(), content: z.string(), secret: z.boolean() })),
      /** Why the node has no files, when it cannot be rendered. */
      error: z.string().nullable(),
    }),
  ),
});
export type TopologyFiles = z.infer<typeof topologyFilesSchema>;

/** What the download carries instead of the topology's passwords. */
export const secretPlaceholders: DeploySecrets = {
  databasePassword: 'CHANGE-ME-database-password',
  replicationPassword: 'CHANGE-ME-replication-password',
  redisPassword: 'CHANGE-ME-redis-password',
  adminPassword: 'CHANGE-ME-admin-password',
};

/**
 * The compose files and configuration of every node (view:topologies), for those who run the
 * topology themselves: rendered from the topology as it is now, with placeholders where the
 * deploy puts the sealed passwords, so the download never carries a secret.
 */
export async function renderTopologyFiles(
  deps: CoreDeps & { renderer: ConfigRenderer },
  actor: Actor,
  topologyId: string,
): Promise<TopologyFiles> {
  requirePermission(actor, 'view:topologies');
  const topology = await deps.store.topologies.find(actor.organizationId, topologyId);
  if (!topology) throw notFound('Topology');
  const servers = await deps.store.servers.list(actor.organizationId);
  let plan;
  try {
    plan = planDeployment(
      topology,
      new Map<string, PlanServer>(servers.map((s) => [s.id, { id: s.id, name: s.name, host: s.host }])),
    );
  } catch (err) {
    throw new DomainError('TOPOLOGY_INVALID', `The topology cannot be rendered: ${(err as Error).message}`);
  }
  const context = { topologyId, topologyName: topology.name, secrets: secretPlaceholders };
  return {
    topologyId,
    nodes: plan.map((node) => {
      const base = { nodeId: node.nodeId, kind: node.kind, serverId: node.server.id };
      try {
        return { ...base, files: deps.renderer.render(node, context), error: null };
      } catch (err) {
        return { ...base, files: [], error: (err as Error).message };
      }
    }),
  };
}
