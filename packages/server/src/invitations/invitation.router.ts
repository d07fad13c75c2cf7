import {
  createInvitation,
  createInvitationInput,
  invitationIdInput,
  invitationListSchema,
  invitationSchema,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  type InvitationLinks,
} from '@ocore/core';
import { z } from 'zod';
import type { Context } from '../trpc/context.js';
import { orgProcedure, router } from '../trpc/trpc.js';
import { mailLinks } from './mail-links.js';

const tags = ['Members'];

/** Where an invitation's accept link points (see mail-links.ts). */
export async function invitationLinks(ctx: Context): Promise<InvitationLinks> {
  return { origin: (await mailLinks(ctx)).origin, portalBaseDomain: ctx.deps.portalBaseDomain };
}

export const invitationRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/invitations',
        tags,
        protect: true,
        summary: 'Open invitations of the current organization (view:members)',
      },
    })
    .input(z.void())
    .output(invitationListSchema)
    .query(({ ctx }) => listInvitations(ctx.deps, ctx.actor)),

  create: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/invitations',
        tags,
        protect: true,
        summary: 'Invite someone by email with a role; they join when they accept (manage:members)',
      },
      successStatus: 201,
    })
    .input(createInvitationInput)
    .output(invitationSchema)
    .mutation(async ({ ctx, input }) => createInvitation(ctx.deps, ctx.actor, input, await invitationLinks(ctx))),

  resend: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/invitations/{id}/resend',
        tags,
        protect: true,
        summary: 'Send an invitation again with a new link and expiry (manage:members)',
      },
    })
    .input(invitationIdInput)
    .output(invitationSchema)
    .mutation(async ({ ctx, input }) => resendInvitation(ctx.deps, ctx.actor, input.id, await invitationLinks(ctx))),

  revoke: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/org/invitations/{id}',
        tags,
        protect: true,
        summary: 'Revoke an invitation: its link stops working (manage:members)',
      },
      successStatus: 204,
    })
    .input(invitationIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => revokeInvitation(ctx.deps, ctx.actor, input.id)),
});
