import {
  channelIdInput,
  channelListSchema,
  channelSchema,
  createChannel,
  createChannelInput,
  deleteChannel,
  deliveryListSchema,
  deliverySchema,
  getRules,
  listChannels,
  listDeliveries,
  rulesSchema,
  setRules,
  testChannel,
  updateChannel,
  updateChannelInput,
  updateRulesInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Notifications'];
const base = '/org/notification-channels';

export const notificationRouter = router({
  listChannels: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: base,
        tags,
        protect: true,
        summary: 'Notification channels; secrets are never answered (manage:org_settings)',
      },
    })
    .input(z.void())
    .output(channelListSchema)
    .query(({ ctx }) => listChannels(ctx.deps, ctx.actor)),
  createChannel: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: base,
        tags,
        protect: true,
        summary:
          'Add a channel: email addresses, a signed webhook or a Slack-compatible incoming webhook (manage:org_settings)',
      },
      successStatus: 201,
    })
    .input(createChannelInput)
    .output(channelSchema)
    .mutation(({ ctx, input }) => createChannel(ctx.deps, ctx.actor, input)),
  updateChannel: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: `${base}/{id}`,
        tags,
        protect: true,
        summary: 'Replace a channel; a secret left out is kept (manage:org_settings)',
      },
    })
    .input(updateChannelInput)
    .output(channelSchema)
    .mutation(({ ctx, input }) => updateChannel(ctx.deps, ctx.actor, input)),
  deleteChannel: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: `${base}/{id}`,
        tags,
        protect: true,
        summary: 'Remove a channel (manage:org_settings)',
      },
      successStatus: 204,
    })
    .input(channelIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteChannel(ctx.deps, ctx.actor, input.id)),
  testChannel: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: `${base}/{id}/test`,
        tags,
        protect: true,
        summary: 'Send a test notification now; answers the delivery (manage:org_settings)',
      },
    })
    .input(channelIdInput)
    .output(deliverySchema)
    .mutation(({ ctx, input }) => testChannel(ctx.deps, ctx.actor, input.id)),
  deliveries: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: `${base}/{id}/deliveries`,
        tags,
        protect: true,
        summary: 'The delivery log of a channel, newest first (manage:org_settings)',
      },
    })
    .input(channelIdInput)
    .output(deliveryListSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.deps, ctx.actor, input.id)),
  getRules: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/notification-rules',
        tags,
        protect: true,
        summary: 'Which notifications go to which channels (manage:org_settings)',
      },
    })
    .input(z.void())
    .output(rulesSchema)
    .query(({ ctx }) => getRules(ctx.deps, ctx.actor)),
  setRules: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/org/notification-rules',
        tags,
        protect: true,
        summary: 'Replace the rules; kinds left out go nowhere (manage:org_settings)',
      },
    })
    .input(updateRulesInput)
    .output(rulesSchema)
    .mutation(({ ctx, input }) => setRules(ctx.deps, ctx.actor, input)),
});
