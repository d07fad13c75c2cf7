import {
  checkNodeStatus,
  deploymentEvent,
  deploymentListSchema,
  deploymentSchema,
  findLatestDeployment,
  latestDeployment,
  listDeployments,
  nodeCheckSchema,
  nodeStatusInput,
  renderTopologyFiles,
  startDeployment,
  topologyFilesSchema,
  checkTopology,
  requirePermission,
  createTopology,
  createTopologyInput,
  deleteTopology,
  getTopology,
  listTopologies,
  listTopologiesInput,
  setHaConfig,
  topologyListSchema,
  topologySchema,
  topologyValidationSchema,
  updateHaConfigInput,
  updateTopology,
  updateTopologyInput,
  validateTopologyInput,
} from '@ocore/core';
import { z } from 'zod';
import { streamEventsOf } from '../events/stream-events-of.js';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Topologies'];
const byId = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const topologyRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/topologies',
        tags,
        protect: true,
        summary: 'Topologies (view:topologies): search, sort, keyset pages via limit and cursor',
      },
    })
    .input(listTopologiesInput)
    .output(topologyListSchema)
    .query(({ ctx, input }) => listTopologies(ctx.deps, ctx.actor, input)),
  get: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/topologies/{id}',
        tags,
        protect: true,
        summary: 'One topology (view:topologies)',
      },
    })
    .input(byId)
    .output(topologySchema)
    .query(({ ctx, input }) => getTopology(ctx.deps, ctx.actor, input.id)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/topologies',
        tags,
        protect: true,
        summary: 'Design a topology (manage:topologies)',
      },
      successStatus: 201,
    })
    .input(createTopologyInput)
    .output(topologySchema)
    .mutation(({ ctx, input }) => createTopology(ctx.deps, ctx.actor, input)),
  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/topologies/{id}',
        tags,
        protect: true,
        summary: 'Change a topology (manage:topologies; partial)',
      },
    })
    .input(updateTopologyInput)
    .output(topologySchema)
    .mutation(({ ctx, input }) => updateTopology(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/topologies/{id}',
        tags,
        protect: true,
        summary: 'Remove a topology (manage:topologies)',
      },
      successStatus: 204,
    })
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteTopology(ctx.deps, ctx.actor, input.id)),
  setHaConfig: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/topologies/{id}/ha-config',
        tags,
        protect: true,
        summary: 'High-availability settings (manage:topologies; partial)',
      },
    })
    .input(updateHaConfigInput)
    .output(topologySchema)
    .mutation(({ ctx, input }) => {
      const { id, ...ha } = input;
      return setHaConfig(ctx.deps, ctx.actor, id, ha);
    }),
  validate: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/topologies/{id}/validate',
        tags,
        protect: true,
        summary:
          'Check servers, HA settings, roles and connections (view:topologies); with topologyData, that draft instead of the stored graph',
      },
    })
    .input(validateTopologyInput)
    .output(topologyValidationSchema)
    .mutation(({ ctx, input }) => checkTopology(ctx.deps, ctx.actor, input.id, input.topologyData)),
  deploy: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/topologies/{id}/deploy',
        tags,
        protect: true,
        summary:
          'Deploy node by node as a durable job (manage:topologies); 422 with the validation errors when invalid, 409 while one runs',
      },
      successStatus: 202,
    })
    .input(byId)
    .output(deploymentSchema)
    .mutation(({ ctx, input }) => startDeployment(ctx.deps, ctx.actor, input.id)),
  deployments: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/topologies/{id}/deployments',
        tags,
        protect: true,
        summary: 'The last 20 deployments, newest first (view:topologies)',
      },
    })
    .input(byId)
    .output(deploymentListSchema)
    .query(({ ctx, input }) => listDeployments(ctx.deps, ctx.actor, input.id)),
  status: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/topologies/{id}/status',
        tags,
        protect: true,
        summary: "The newest deployment with each node's status (view:topologies)",
      },
    })
    .input(byId)
    .output(deploymentSchema)
    .query(({ ctx, input }) => latestDeployment(ctx.deps, ctx.actor, input.id)),
  /**
   * The newest deployment, or null before the first one: the dashboard's question, where
   * "not deployed yet" is an answer and not an error (`status` keeps its documented 404).
   */
  latestDeployment: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/topologies/{id}/latest-deployment',
        tags,
        protect: true,
        summary: 'The newest deployment, or null before the first (view:topologies)',
      },
    })
    .input(byId)
    .output(deploymentSchema.nullable())
    .query(({ ctx, input }) => findLatestDeployment(ctx.deps, ctx.actor, input.id)),
  files: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/topologies/{id}/compose',
        tags,
        protect: true,
        summary: "Every node's compose files and configuration, passwords left to fill in (view:topologies)",
      },
    })
    .input(byId)
    .output(topologyFilesSchema)
    .query(({ ctx, input }) => renderTopologyFiles(ctx.deps, ctx.actor, input.id)),
  nodeStatus: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/topologies/{id}/nodes/{nodeId}/status',
        tags,
        protect: true,
        summary: 'Check a deployed node again and return its status (view:topologies)',
      },
    })
    .input(nodeStatusInput)
    .output(nodeCheckSchema)
    .mutation(({ ctx, input }) => checkNodeStatus(ctx.deps, ctx.actor, input.id, input.nodeId)),
  /**
   * Deployment progress, live: a `topology.deployment` event with the whole deployment at
   * every change of a node or of the deployment. `topologyId` narrows it to one topology.
   */
  onDeployment: orgProcedure
    .input(
      z
        .object({
          topologyId: z.uuid({ message: 'must be a UUID' }).optional(),
          lastEventId: z.string().regex(/^\d+$/).nullish(),
        })
        .optional(),
    )
    .subscription(({ ctx, input, signal }) =>
      streamEventsOf(ctx, [deploymentEvent, 'topology.deploy_started'], {
        organizationIds: [ctx.actor.organizationId],
        accept: (e) => !input?.topologyId || e.payload.targetId === input.topologyId,
        authorize: (actor) => requirePermission(actor, 'view:topologies'),
        lastEventId: input?.lastEventId ?? null,
        signal,
      }),
    ),
});
