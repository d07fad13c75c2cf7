import {
  apiKeyIdInput,
  apiKeyListSchema,
  createApiKey,
  createApiKeyInput,
  createdApiKeySchema,
  listApiKeys,
  revokeApiKey,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['API keys'];

export const apiKeyRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/api-keys',
        tags,
        protect: true,
        summary: "The organization's API keys, without the keys (view:members)",
      },
    })
    .input(z.void())
    .output(apiKeyListSchema)
    .query(({ ctx }) => listApiKeys(ctx.deps, ctx.actor)),

  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/api-keys',
        tags,
        protect: true,
        summary: 'Create an API key with a role; the key is in this answer only (manage:members)',
      },
      successStatus: 201,
    })
    .input(createApiKeyInput)
    .output(createdApiKeySchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.deps, ctx.actor, input)),

  revoke: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/org/api-keys/{id}',
        tags,
        protect: true,
        summary: 'Delete an API key; it stops working at once (manage:members)',
      },
      successStatus: 204,
    })
    .input(apiKeyIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => revokeApiKey(ctx.deps, ctx.actor, input.id)),
});
