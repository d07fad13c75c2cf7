import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { nodeKinds } from './topology.schema.js';

/**
 * A node's way through a deployment: pending until its turn, rendering its files,
 * applying them over SSH, then healthy only after a real check answered, or failed with
 * the reason.
 */
export const nodeStatuses = ['pending', 'rendering', 'applying', 'healthy', 'failed'] as const;
export type NodeStatus = (typeof nodeStatuses)[number];

/** queued until a worker takes it, running, then succeeded (every node healthy) or failed. */
export const deploymentStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type DeploymentStatus = (typeof deploymentStatuses)[number];

export const deploymentNodeSchema = z.object({
  nodeId: z.string(),
  kind: z.enum(nodeKinds),
  serverId: idSchema,
  status: z.enum(nodeStatuses),
  /** Why the node failed, or what its last check saw; null while all is well. */
  reason: z.string().nullable(),
  /** The files written to the server (paths under the deploy directory), once rendered. */
  files: z.array(z.string()),
  updatedAt: isoDateSchema,
});
export type DeploymentNode = z.infer<typeof deploymentNodeSchema>;

export const deploymentSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  topologyId: idSchema,
  status: z.enum(deploymentStatuses),
  /** In the order they are applied. */
  nodes: z.array(deploymentNodeSchema),
  /** Why the deployment failed, in one sentence. */
  error: z.string().nullable(),
  createdAt: isoDateSchema,
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
});
export type Deployment = z.infer<typeof deploymentSchema>;
export const deploymentListSchema = z.object({ items: z.array(deploymentSchema), total: z.number().int() });

export const topologyIdInput = z.object({ id: idSchema });
export const nodeStatusInput = z.object({ id: idSchema, nodeId: z.string().min(1, 'is required').max(64) });

/** What `POST /topologies/{id}/nodes/{nodeId}/status` answers after checking the node again. */
export const nodeCheckSchema = z.object({
  topologyId: idSchema,
  deploymentId: idSchema,
  nodeId: z.string(),
  kind: z.enum(nodeKinds),
  status: z.enum(nodeStatuses),
  reason: z.string().nullable(),
  checkedAt: isoDateSchema,
});
export type NodeCheck = z.infer<typeof nodeCheckSchema>;
