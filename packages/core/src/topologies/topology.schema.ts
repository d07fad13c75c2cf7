import { listQueryInput, pageSchema } from '../shared/list-query.js';
import { z } from 'zod';
import { boundedText, idSchema, isoDateSchema } from '../shared/common.schema.js';

export const nodeKinds = ['odoo', 'postgres', 'postgres-replica', 'redis', 'load-balancer', 'filestore'] as const;
export type NodeKind = (typeof nodeKinds)[number];

export const topologyNodeSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, 'may contain letters, digits, _ . and -'),
  kind: z.enum(nodeKinds, { message: `must be one of ${nodeKinds.join(', ')}` }),
  serverId: idSchema,
  label: z.string().max(100).optional(),
  /** Per-node settings, e.g. {workers: 4} for Odoo. */
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type TopologyNode = z.infer<typeof topologyNodeSchema>;

export const topologyEdgeSchema = z.object({
  id: z.string().max(64).optional(),
  source: z.string().min(1, 'is required').max(64),
  target: z.string().min(1, 'is required').max(64),
});
export type TopologyEdge = z.infer<typeof topologyEdgeSchema>;

export const topologyDataSchema = z.object({
  nodes: z.array(topologyNodeSchema).max(200, 'may hold at most 200 nodes'),
  edges: z.array(topologyEdgeSchema).max(1000, 'may hold at most 1000 edges'),
});
export type TopologyData = z.infer<typeof topologyDataSchema>;

export const lbTypes = ['traefik', 'haproxy', 'nginx'] as const;
export const filestoreTypes = ['shared_nfs', 's3', 'local'] as const;

export const haConfigSchema = z.object({
  lbType: z.enum(lbTypes, { message: 'must be traefik, haproxy or nginx' }),
  lbServerId: idSchema.nullable(),
  filestoreType: z.enum(filestoreTypes, { message: 'must be shared_nfs, s3 or local' }),
  redisEnabled: z.boolean(),
  redisServerId: idSchema.nullable(),
  pgFailoverEnabled: z.boolean(),
});
export type HaConfig = z.infer<typeof haConfigSchema>;

export const defaultHaConfig: HaConfig = {
  lbType: 'traefik',
  lbServerId: null,
  filestoreType: 'local',
  redisEnabled: false,
  redisServerId: null,
  pgFailoverEnabled: false,
};

export const validationIssueSchema = z.object({ nodeId: z.string().optional(), code: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const topologyValidationSchema = z.object({
  valid: z.boolean(),
  errors: z.array(validationIssueSchema),
  warnings: z.array(validationIssueSchema),
});
export type TopologyValidation = z.infer<typeof topologyValidationSchema>;

export const topologySchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  name: z.string(),
  description: z.string().nullable(),
  topologyData: topologyDataSchema,
  haConfig: haConfigSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Topology = z.infer<typeof topologySchema>;
export const topologyListSchema = pageSchema(topologySchema);

/** The topology list's sorts; it searches names and descriptions. */
export const topologySorts = ['name', 'createdAt', 'updatedAt'] as const;
export type TopologySort = (typeof topologySorts)[number];
export const listTopologiesInput = listQueryInput(topologySorts);
export type ListTopologiesInput = z.infer<typeof listTopologiesInput>;

export const createTopologyInput = z.object({
  name: boundedText(2, 100),
  description: z.string().trim().max(2000).nullable().optional(),
  topologyData: topologyDataSchema.default({ nodes: [], edges: [] }),
});
export const updateTopologyInput = z.object({
  id: idSchema,
  name: boundedText(2, 100).optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  topologyData: topologyDataSchema.optional(),
});
export const updateHaConfigInput = haConfigSchema.partial().extend({ id: idSchema });

/** A topology to check: the stored graph, or `topologyData`, a draft not saved yet, against the stored HA settings. */
export const validateTopologyInput = z.object({
  id: idSchema,
  topologyData: topologyDataSchema.optional(),
});
