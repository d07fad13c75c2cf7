import {
  acceptedSchema,
  acceptInvitation,
  acceptInvitationInput,
  authenticate,
  authResultSchema,
  changePassword,
  changePasswordInput,
  confirmPasswordReset,
  endedSessionsSchema,
  endOtherSessions,
  endSession,
  endSessionInput,
  listSessions,
  logout,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  requestPasswordReset,
  sessionListSchema,
  emailVerifiedSchema,
  resendEmailVerification,
  verifyEmail,
  verifyEmailInput,
} from '@ocore/core';
import { z } from 'zod';
import { mailLinks } from '../invitations/mail-links.js';
import { publicProcedure, userProcedure } from '../trpc/trpc.js';

const tags = ['Auth'];

/** Sign-out, sessions, passwords and accepting invitations; merged into the auth router. */
export const accountProcedures = {
  logout: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/logout',
        tags,
        protect: true,
        summary: 'End this sign-in: the token, and every token of its session, stop working at once',
      },
      successStatus: 204,
    })
    .input(z.void())
    .output(z.void())
    .mutation(({ ctx }) => logout(ctx.deps, ctx.principal)),

  sessions: userProcedure
    .meta({
      openapi: { method: 'GET', path: '/auth/sessions', tags, protect: true, summary: 'Your active sign-in sessions' },
    })
    .input(z.void())
    .output(sessionListSchema)
    .query(({ ctx }) => listSessions(ctx.deps, ctx.principal)),

  endSession: userProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/auth/sessions/{id}',
        tags,
        protect: true,
        summary: 'End one of your sessions (its tokens stop working)',
      },
      successStatus: 204,
    })
    .input(endSessionInput)
    .output(z.void())
    .mutation(({ ctx, input }) => endSession(ctx.deps, ctx.principal, input.id)),

  endOtherSessions: userProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/auth/sessions',
        tags,
        protect: true,
        summary: 'End every session of yours but this one',
      },
    })
    .input(z.void())
    .output(endedSessionsSchema)
    .mutation(({ ctx }) => endOtherSessions(ctx.deps, ctx.principal)),

  changePassword: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/password',
        tags,
        protect: true,
        summary: 'Change your password; your other sessions end',
      },
    })
    .input(changePasswordInput)
    .output(endedSessionsSchema)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.principal, input)),

  requestPasswordReset: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/password-reset/request',
        tags,
        protect: false,
        summary: 'Mail a link to set a new password (the same answer whether or not the address is registered)',
      },
      successStatus: 202,
    })
    .input(passwordResetRequestInput)
    .output(acceptedSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.consume('passwordReset', ctx.ip ?? 'unknown');
      await ctx.deps.limits.consume('passwordResetMail', input.email);
      const links = await mailLinks(ctx);
      return requestPasswordReset(ctx.deps, input.email, {
        origin: links.origin,
        organizationId: links.portalOrganizationId,
      });
    }),

  confirmPasswordReset: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/password-reset/confirm',
        tags,
        protect: false,
        summary: "Set a new password with the mailed link's token; every session of the account ends",
      },
      successStatus: 204,
    })
    .input(passwordResetConfirmInput)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.consume('passwordReset', ctx.ip ?? 'unknown');
      return confirmPasswordReset(ctx.deps, input, ctx.ip);
    }),

  verifyEmail: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/verify-email',
        tags,
        protect: false,
        summary: "Prove your email address with the mailed link's token (works once, signed in or not)",
      },
    })
    .input(verifyEmailInput)
    .output(emailVerifiedSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.consume('passwordReset', ctx.ip ?? 'unknown');
      return verifyEmail(ctx.deps, input.token, ctx.ip);
    }),

  resendEmailVerification: userProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/verify-email/resend',
        tags,
        protect: true,
        summary: 'Mail a new link to verify your email address',
      },
      successStatus: 202,
    })
    .input(z.void())
    .output(acceptedSchema)
    .mutation(async ({ ctx }) => {
      await ctx.deps.limits.consume('verificationMail', ctx.principal.userId);
      const links = await mailLinks(ctx);
      return resendEmailVerification(ctx.deps, ctx.principal, {
        origin: links.origin,
        organizationId: links.portalOrganizationId,
      });
    }),

  acceptInvitation: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/invitations/accept',
        tags,
        protect: false,
        summary:
          'Accept an invitation with the mailed token: creates the account (name, password) or joins the existing one (signed in as it, or with its password); answers a token for the organization',
      },
    })
    .input(acceptInvitationInput)
    .output(authResultSchema)
    .mutation(async ({ ctx, input }) => {
      const caller = ctx.token ? (await authenticate(ctx.deps, ctx.token, ctx.ip)).principal : null;
      return acceptInvitation(ctx.deps, input, caller, ctx.ip);
    }),
};
