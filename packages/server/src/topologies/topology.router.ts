import {
  checkTopology,
  createTopology,
  createTopologyInput,
  deleteTopology,
  getTopology,
  listTopologies,
  setHaConfig,
  topologyListSchema,
  topologySchema,
  topologyValidationSchema,
  updateHaConfigInput,
  updateTopology,
  updateTopologyInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Topologies'];
const byId = z.object({ id: z.uuid({ message: 'must be a UUID' }) });

export const topologyRouter = router({
  list: orgProcedure
    .meta({ openapi: { method: 'GET', path: '/topologies', tags, protect: true, summary: 'Topologies (view:topologies)' } })
    .input(z.void())
    .output(topologyListSchema)
    .query(({ ctx }) => listTopologies(ctx.deps, ctx.actor)),
  get: orgProcedure
    .meta({ openapi: { method: 'GET', path: '/topologies/{id}', tags, protect: true, summary: 'One topology (view:topologies)' } })
    .input(byId)
    .output(topologySchema)
    .query(({ ctx, input }) => getTopology(ctx.deps, ctx.actor, input.id)),
  create: orgProcedure
    .meta({ openapi: { method: 'POST', path: '/topologies', tags, protect: true, summary: 'Design a topology (manage:topologies)' }, successStatus: 201 })
    .input(createTopologyInput)
    .output(topologySchema)
    .mutation(({ ctx, input }) => createTopology(ctx.deps, ctx.actor, input)),
  update: orgProcedure
    .meta({ openapi: { method: 'PUT', path: '/topologies/{id}', tags, protect: true, summary: 'Change a topology (manage:topologies; partial)' } })
    .input(updateTopologyInput)
    .output(topologySchema)
    .mutation(({ ctx, input }) => updateTopology(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({ openapi: { method: 'DELETE', path: '/topologies/{id}', tags, protect: true, summary: 'Remove a topology (manage:topologies)' }, successStatus: 204 })
    .input(byId)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteTopology(ctx.deps, ctx.actor, input.id)),
  setHaConfig: orgProcedure
    .meta({ openapi: { method: 'PUT', path: '/topologies/{id}/ha-config', tags, protect: true, summary: 'High-availability settings (manage:topologies; partial)' } })
    .input(updateHaConfigInput)
    .output(topologySchema)
    .mutation(({ ctx, input }) => {
      const { id, ...ha } = input;
      return setHaConfig(ctx.deps, ctx.actor, id, ha);
    }),
  validate: orgProcedure
    .meta({ openapi: { method: 'POST', path: '/topologies/{id}/validate', tags, protect: true, summary: 'Check servers, HA settings, roles and connections (view:topologies)' } })
    .input(byId)
    .output(topologyValidationSchema)
    .mutation(({ ctx, input }) => checkTopology(ctx.deps, ctx.actor, input.id)),
});
