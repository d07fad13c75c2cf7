import {
  authResultSchema,
  describeMe,
  login,
  loginInput,
  meSchema,
  portalOrganizationForHost,
  signup,
  signupInput,
  switchOrganization,
  switchOrgInput,
  switchOrgResultSchema,
} from '@ocore/core';
import { z } from 'zod';
import { publicProcedure, router, userProcedure } from '../trpc/trpc.js';

const tags = ['Auth'];

export const authRouter = router({
  signup: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/signup', tags, protect: false, summary: 'Create an account and its first organization' }, successStatus: 201 })
    .input(signupInput)
    .output(authResultSchema)
    .mutation(({ ctx, input }) => signup(ctx.deps, input, ctx.ip)),

  login: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/login', tags, protect: false, summary: 'Sign in' } })
    .input(loginInput)
    .output(authResultSchema)
    .mutation(async ({ ctx, input }) => {
      // Signing in on a client's portal opens that client's organization.
      const portalOrg = ctx.host ? await portalOrganizationForHost(ctx.deps, ctx.host, ctx.deps.portalBaseDomain) : undefined;
      return login(ctx.deps, input, ctx.ip, portalOrg);
    }),

  switchOrg: userProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/switch-org', tags, protect: true, summary: 'Get a token for another organization you belong to' } })
    .input(switchOrgInput)
    .output(switchOrgResultSchema)
    .mutation(({ ctx, input }) => switchOrganization(ctx.deps, ctx.principal, input.organizationId)),

  me: userProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/me', tags, protect: true, summary: 'The caller, current organization, role and permissions' } })
    .input(z.void())
    .output(meSchema)
    .query(({ ctx }) => describeMe(ctx.deps, ctx.principal, ctx.actor ?? null)),
});
