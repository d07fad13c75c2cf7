import {
  deletePasskey,
  DomainError,
  finishPasskeyLogin,
  finishPasskeyLoginInput,
  finishPasskeyRegistration,
  finishPasskeyRegistrationInput,
  listPasskeys,
  passkeyListSchema,
  passkeyOptionsSchema,
  passkeySchema,
  startPasskeyLogin,
  startPasskeyRegistration,
  startPasskeyRegistrationInput,
  type RelyingParty,
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
import type { Context } from '../trpc/context.js';
import { publicProcedure, router, userProcedure } from '../trpc/trpc.js';
import { accountProcedures } from './account.router.js';
import { mailLinks } from '../invitations/mail-links.js';

/**
 * The relying party passkeys bind to: the configured one, else the host and scheme the
 * request came on (the dashboard's own address, as the browser saw it).
 */
function relyingParty(ctx: Context): RelyingParty {
  const host = ctx.host;
  if (!host && !(ctx.deps.relyingParty.rpId && ctx.deps.relyingParty.origin)) {
    throw new DomainError('INVALID_INPUT', 'The request has no Host header to bind a passkey to', { field: 'host' });
  }
  const origin = ctx.deps.relyingParty.origin ?? `${ctx.protocol}://${host}`;
  return { id: ctx.deps.relyingParty.rpId ?? new URL(origin).hostname, name: 'oCore Agency', origin };
}

const passkeyTags = ['Passkeys'];

const tags = ['Auth'];

export const authRouter = router({
  signup: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/signup',
        tags,
        protect: false,
        summary: 'Create an account and its first organization',
      },
      successStatus: 201,
    })
    .input(signupInput)
    .output(authResultSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.consume('signup', ctx.ip ?? 'unknown');
      const links = await mailLinks(ctx);
      return signup(ctx.deps, input, ctx.ip, { origin: links.origin, organizationId: links.portalOrganizationId });
    }),

  login: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/login', tags, protect: false, summary: 'Sign in' } })
    .input(loginInput)
    .output(authResultSchema)
    .mutation(async ({ ctx, input }) => {
      // Signing in on a client's portal opens that client's organization.
      const portalOrg = ctx.host
        ? await portalOrganizationForHost(ctx.deps, ctx.host, ctx.deps.portalBaseDomain)
        : undefined;
      return login(ctx.deps, input, ctx.ip, portalOrg);
    }),

  switchOrg: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/switch-org',
        tags,
        protect: true,
        summary: 'Get a token for another organization you belong to',
      },
    })
    .input(switchOrgInput)
    .output(switchOrgResultSchema)
    .mutation(({ ctx, input }) => switchOrganization(ctx.deps, ctx.principal, input.organizationId)),

  passkeyRegistrationOptions: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/passkeys/register/options',
        tags: passkeyTags,
        protect: true,
        summary:
          'Options to create a passkey for the signed-in user (give them to navigator.credentials.create); from a password sign-in, a first passkey only, with `password`',
      },
    })
    .input(startPasskeyRegistrationInput)
    .output(passkeyOptionsSchema)
    .mutation(({ ctx, input }) => startPasskeyRegistration(ctx.deps, ctx.principal, relyingParty(ctx), input)),

  passkeyRegister: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/passkeys/register/verify',
        tags: passkeyTags,
        protect: true,
        summary: 'Register the created credential as a passkey',
      },
      successStatus: 201,
    })
    .input(finishPasskeyRegistrationInput)
    .output(passkeySchema)
    .mutation(({ ctx, input }) => finishPasskeyRegistration(ctx.deps, ctx.principal, relyingParty(ctx), input)),

  passkeys: userProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/auth/passkeys',
        tags: passkeyTags,
        protect: true,
        summary: "The signed-in user's passkeys",
      },
    })
    .input(z.void())
    .output(passkeyListSchema)
    .query(({ ctx }) => listPasskeys(ctx.deps, ctx.principal)),

  deletePasskey: userProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/auth/passkeys/{id}',
        tags: passkeyTags,
        protect: true,
        summary: 'Remove one of your passkeys (from a passkey sign-in)',
      },
      successStatus: 204,
    })
    .input(z.object({ id: z.uuid({ message: 'must be a UUID' }) }))
    .output(z.void())
    .mutation(({ ctx, input }) => deletePasskey(ctx.deps, ctx.principal, input.id)),

  passkeyLoginOptions: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/passkeys/login/options',
        tags: passkeyTags,
        protect: false,
        summary: 'Options to sign in with a passkey (give them to navigator.credentials.get)',
      },
    })
    .input(z.void())
    .output(passkeyOptionsSchema)
    .mutation(async ({ ctx }) => {
      await ctx.deps.limits.consume('passkeyOptions', ctx.ip ?? 'unknown');
      return startPasskeyLogin(ctx.deps, relyingParty(ctx));
    }),

  passkeyLogin: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/passkeys/login/verify',
        tags: passkeyTags,
        protect: false,
        summary: 'Sign in with a passkey; the token satisfies requirePasskey',
      },
    })
    .input(finishPasskeyLoginInput)
    .output(authResultSchema)
    .mutation(async ({ ctx, input }) => {
      const portalOrg = ctx.host
        ? await portalOrganizationForHost(ctx.deps, ctx.host, ctx.deps.portalBaseDomain)
        : undefined;
      return finishPasskeyLogin(ctx.deps, relyingParty(ctx), input, ctx.ip, portalOrg);
    }),

  me: userProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/auth/me',
        tags,
        protect: true,
        summary: 'The caller, current organization, role and permissions',
      },
    })
    .input(z.void())
    .output(meSchema)
    .query(({ ctx }) => describeMe(ctx.deps, ctx.principal, ctx.actor ?? null)),

  ...accountProcedures,
});
