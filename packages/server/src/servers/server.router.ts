import {
  checkServerNow,
  createServer,
  createServerInput,
  deleteServer,
  getServer,
  listServers,
  listServersInput,
  serverIdInput,
  serverListSchema,
  serverSchema,
  updateServer,
  updateServerInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Servers'];

export const serverRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/servers',
        tags,
        protect: true,
        summary:
          'Servers of the organization (view:servers): search by name, status filter, sort, keyset pages via limit and cursor',
      },
    })
    .input(listServersInput)
    .output(serverListSchema)
    .query(({ ctx, input }) => listServers(ctx.deps, ctx.actor, input)),
  get: orgProcedure
    .meta({
      openapi: { method: 'GET', path: '/servers/{id}', tags, protect: true, summary: 'One server (view:servers)' },
    })
    .input(serverIdInput)
    .output(serverSchema)
    .query(({ ctx, input }) => getServer(ctx.deps, ctx.actor, input.id)),
  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/servers',
        tags,
        protect: true,
        summary: 'Register a server; SSH key or password are write-only (manage:servers)',
      },
      successStatus: 201,
    })
    .input(createServerInput)
    .output(serverSchema)
    .mutation(({ ctx, input }) => createServer(ctx.deps, ctx.actor, input)),
  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/servers/{id}',
        tags,
        protect: true,
        summary: 'Change a server (manage:servers; partial)',
      },
    })
    .input(updateServerInput)
    .output(serverSchema)
    .mutation(({ ctx, input }) => updateServer(ctx.deps, ctx.actor, input)),
  check: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/servers/{id}/check',
        tags,
        protect: true,
        summary:
          'Check a server now: SSH login and its Docker engine; answers the server with the result (manage:servers)',
      },
    })
    .input(serverIdInput)
    .output(serverSchema)
    .mutation(({ ctx, input }) => checkServerNow(ctx.deps, ctx.actor, input.id)),
  delete: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/servers/{id}',
        tags,
        protect: true,
        summary: 'Remove a server (manage:servers)',
      },
      successStatus: 204,
    })
    .input(serverIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteServer(ctx.deps, ctx.actor, input.id)),
});
