import {
  getOrgSettings,
  getSubscriptionStatus,
  orgSettingsSchema,
  subscriptionStatusSchema,
  subscriptionValidationSchema,
  testPosthogConnection,
  testPosthogResultSchema,
  updateOrgSettings,
  updateOrgSettingsInput,
  validateSubscription,
  validateSubscriptionInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';

const tags = ['Organization Settings'];

export const orgSettingsRouter = router({
  get: orgProcedure
    .meta({
      openapi: { method: 'GET', path: '/org/settings', tags, protect: true, summary: 'Get organization settings' },
    })
    .input(z.void())
    .output(orgSettingsSchema)
    .query(({ ctx }) => getOrgSettings(ctx.deps, ctx.actor)),

  update: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/org/settings',
        tags,
        protect: true,
        summary: 'Update organization settings (partial; secrets are write-only)',
      },
    })
    .input(updateOrgSettingsInput)
    .output(orgSettingsSchema)
    .mutation(({ ctx, input }) => updateOrgSettings(ctx.deps, ctx.actor, input)),

  testPosthog: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/settings/test-posthog',
        tags,
        protect: true,
        summary: 'Test the PostHog connection with the stored personal API key',
      },
    })
    .input(z.void())
    .output(testPosthogResultSchema)
    .mutation(async ({ ctx }) => {
      await ctx.deps.limits.consume('integrationCheck', ctx.actor.organizationId);
      return testPosthogConnection(ctx.deps, ctx.actor);
    }),

  validateSubscription: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/settings/validate-subscription',
        tags,
        protect: true,
        summary: 'Validate the given or stored Odoo Enterprise subscription code',
      },
    })
    .input(validateSubscriptionInput)
    .output(subscriptionValidationSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.consume('integrationCheck', ctx.actor.organizationId);
      return validateSubscription(ctx.deps, ctx.actor, input);
    }),

  subscriptionStatus: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/settings/subscription',
        tags,
        protect: true,
        summary: 'Whether a code is stored, and the last validation',
      },
    })
    .input(z.void())
    .output(subscriptionStatusSchema)
    .query(({ ctx }) => getSubscriptionStatus(ctx.deps, ctx.actor)),
});
