import {
  cloneInstance,
  cloneInstanceInput,
  createInstance,
  createInstanceInput,
  deleteInstance,
  deleteInstanceInput,
  getInstance,
  instanceEvents,
  instanceIdInput,
  instanceListSchema,
  instanceSchema,
  listInstances,
  listInstancesInput,
  listOperations,
  operationListSchema,
  operationSchema,
  requestInstanceOperation,
  requirePermission,
  updateInstance,
  updateInstanceInput,
} from '@ocore/core';
import { z } from 'zod';
import { streamEventsOf } from '../events/stream-events-of.js';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Instances'];

/** `POST /instances/{id}/<kind>`: answers 202 with the queued operation. */
function operationProcedure(kind: 'start' | 'stop' | 'restart' | 'redeploy', summary: string) {
  return orgProcedure
    .meta({
      openapi: { method: 'POST', path: `/instances/{id}/${kind}`, tags, protect: true, summary },
      successStatus: 202,
    })
    .input(instanceIdInput)
    .output(operationSchema)
    .mutation(({ ctx, input }) => requestInstanceOperation(ctx.deps, ctx.actor, input.id, kind));
}

const liveInput = z
  .object({
    /** Only this instance's events. */
    instanceId: z.uuid({ message: 'must be a UUID' }).optional(),
    lastEventId: z.string().regex(/^\d+$/).nullish(),
  })
  .optional();

export const instanceRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances',
        tags,
        protect: true,
        summary:
          'Instances of the organization (view:instances): search, status and server filters, sort, keyset pages via limit and cursor',
      },
    })
    .input(listInstancesInput)
    .output(instanceListSchema)
    .query(({ ctx, input }) => listInstances(ctx.deps, ctx.actor, input)),
  get: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}',
        tags,
        protect: true,
        summary: 'One instance (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(instanceSchema)
    .query(({ ctx, input }) => getInstance(ctx.deps, ctx.actor, input.id)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/instances',
        tags,
        protect: true,
        summary:
          'Provision an instance, directly or from a template; answers 202 with the provision operation (manage:instances)',
      },
      successStatus: 202,
    })
    .input(createInstanceInput)
    .output(operationSchema)
    .mutation(async ({ ctx, input }) => (await createInstance(ctx.deps, ctx.actor, input)).operation),
  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/instances/{id}',
        tags,
        protect: true,
        summary:
          'Change an instance (partial); workers, variables, modules, Odoo version and limits are applied by an update operation (manage:instances). A new Odoo version (an upgrade) backs the instance up first, and its operation log names the backup; when the backup fails, 503 and nothing changes',
      },
    })
    .input(updateInstanceInput)
    .output(z.object({ instance: instanceSchema, operation: operationSchema.nullable() }))
    .mutation(({ ctx, input }) => updateInstance(ctx.deps, ctx.actor, input)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/instances/{id}',
        tags,
        protect: true,
        summary:
          'Delete an instance: container, database and volumes (?keepData=true keeps the data); answers 202 with the operation (manage:instances)',
      },
      successStatus: 202,
    })
    .input(deleteInstanceInput)
    .output(operationSchema)
    .mutation(({ ctx, input }) => deleteInstance(ctx.deps, ctx.actor, input.id, input.keepData)),
  clone: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/instances/{id}/clone',
        tags,
        protect: true,
        summary:
          'Clone the instance to staging or development on its server, in its project: database copied as a template (the source’s connections are closed for the copy), filestore copied (reflink where possible), then Odoo’s neutralize unless neutralize is false; answers 202 with the clone’s provision operation (manage:instances)',
      },
      successStatus: 202,
    })
    .input(cloneInstanceInput)
    .output(operationSchema)
    .mutation(({ ctx, input }) => cloneInstance(ctx.deps, ctx.actor, input)),
  start: operationProcedure('start', 'Start a stopped or failed instance (manage:instances)'),
  stop: operationProcedure('stop', 'Stop a running instance (manage:instances)'),
  restart: operationProcedure('restart', 'Restart a running instance (manage:instances)'),
  redeploy: operationProcedure(
    'redeploy',
    'Deploy the instance again: every provisioning step, converging; retries a failed one (manage:instances)',
  ),
  operations: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/instances/{id}/operations',
        tags,
        protect: true,
        summary: 'The instance’s operations, newest first, with their log lines (view:instances)',
      },
    })
    .input(instanceIdInput)
    .output(operationListSchema)
    .query(({ ctx, input }) => listOperations(ctx.deps, ctx.actor, input.id)),
  /**
   * Instance status, live: an `instance.status` event with the whole instance at every
   * change, and `instance.created` / `instance.deleted`. `instanceId` narrows it to one.
   */
  onStatus: orgProcedure.input(liveInput).subscription(({ ctx, input, signal }) => {
    requirePermission(ctx.actor, 'view:instances');
    return streamEventsOf(ctx, [instanceEvents.status, 'instance.created', 'instance.deleted'], {
      organizationIds: [ctx.actor.organizationId],
      accept: (e) => !input?.instanceId || e.payload.targetId === input.instanceId,
      authorize: (actor) => requirePermission(actor, 'view:instances'),
      lastEventId: input?.lastEventId ?? null,
      signal,
    });
  }),
  /**
   * Operation progress and log lines, live: `instance.operation` (the operation at every
   * change of status or step) and `instance.log` (one line each).
   */
  onOperation: orgProcedure.input(liveInput).subscription(({ ctx, input, signal }) => {
    requirePermission(ctx.actor, 'view:instances');
    return streamEventsOf(ctx, [instanceEvents.operation, instanceEvents.log], {
      organizationIds: [ctx.actor.organizationId],
      accept: (e) => !input?.instanceId || e.payload.targetId === input.instanceId,
      authorize: (actor) => requirePermission(actor, 'view:instances'),
      lastEventId: input?.lastEventId ?? null,
      signal,
    });
  }),
});
