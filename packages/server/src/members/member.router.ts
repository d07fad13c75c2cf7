import {
  createInvitation,
  createInvitationInput,
  invitationSchema,
  listMembers,
  listMembersInput,
  listRoles,
  memberListSchema,
  memberSchema,
  removeMember,
  removeMemberInput,
  roleListSchema,
  setMemberRole,
  setMemberRoleInput,
} from '@ocore/core';
import { z } from 'zod';
import { orgProcedure, router } from '../trpc/trpc.js';
import { invitationLinks } from '../invitations/invitation.router.js';

const tags = ['Members'];

export const memberRouter = router({
  list: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/members',
        tags,
        protect: true,
        summary: 'Members of the current organization: search, role filter, sort, keyset pages via limit and cursor',
      },
    })
    .input(listMembersInput)
    .output(memberListSchema)
    .query(({ ctx, input }) => listMembers(ctx.deps, ctx.actor, input)),

  add: orgProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/org/members',
        tags,
        protect: true,
        summary:
          'Invite someone with a role (manage:members): nobody joins without consent, so this sends the same invitation as POST /api/org/invitations and answers it (202); they become a member when they accept',
      },
      successStatus: 202,
    })
    .input(createInvitationInput)
    .output(invitationSchema)
    .mutation(async ({ ctx, input }) => createInvitation(ctx.deps, ctx.actor, input, await invitationLinks(ctx))),

  setRole: orgProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/org/members/{userId}',
        tags,
        protect: true,
        summary: "Change a member's role (manage:members)",
      },
    })
    .input(setMemberRoleInput)
    .output(memberSchema)
    .mutation(({ ctx, input }) => setMemberRole(ctx.deps, ctx.actor, input)),

  remove: orgProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/org/members/{userId}',
        tags,
        protect: true,
        summary: 'Remove a member (manage:members, or yourself)',
      },
      successStatus: 204,
    })
    .input(removeMemberInput)
    .output(z.void())
    .mutation(({ ctx, input }) => removeMember(ctx.deps, ctx.actor, input.userId)),

  roles: orgProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/org/roles',
        tags,
        protect: true,
        summary: 'Roles of the current organization with their permissions',
      },
    })
    .input(z.void())
    .output(roleListSchema)
    .query(({ ctx }) => listRoles(ctx.deps, ctx.actor)),
});
