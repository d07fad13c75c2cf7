import { memberSorts, type Invitation, type Member, type Role } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';
import { formatPerson, formatTable, formatTime, type CliIo } from '../shared/output.js';
import { addListCommand } from '../shared/list-command.js';
import { withQuery, withRef, withSession } from '../shared/session.js';

interface AddOptions {
  email: string;
  role: string;
}

/** A member's user id: `ref` itself, or looked up in the member list when it is an email. */
async function resolveUserId(api: ApiClient, ref: string): Promise<string> {
  if (!ref.includes('@')) return ref;
  const members = await api.members.list.query();
  const found = members.items.find((m) => m.email.toLowerCase() === ref.toLowerCase());
  if (!found) throw new CliError(`no member of this organization has the email ${ref}; see \`ocore members list\``);
  return found.userId;
}

function formatMembers(list: { items: readonly Member[] }): string {
  return formatTable(list.items, [
    { header: 'name', value: (m) => m.name },
    { header: 'email', value: (m) => m.email },
    { header: 'role', value: (m) => m.role },
    { header: 'user id', value: (m) => m.userId },
    { header: 'joined', value: (m) => m.joinedAt },
  ]);
}

function formatInvitations(list: { items: readonly Invitation[] }): string {
  return formatTable(list.items, [
    { header: 'id', value: (i) => i.id },
    { header: 'email', value: (i) => i.email },
    { header: 'role', value: (i) => i.role },
    { header: 'status', value: (i) => i.status },
    { header: 'expires', value: (i) => formatTime(i.expiresAt) },
  ]);
}

function formatRoles(list: { items: readonly Role[] }): string {
  return formatTable(list.items, [
    { header: 'name', value: (r) => r.name },
    { header: 'system', value: (r) => (r.isSystem ? 'yes' : 'no') },
    { header: 'members', value: (r) => String(r.memberCount) },
    { header: 'permissions', value: (r) => r.permissions.join(', ') || '-' },
  ]);
}

/** `ocore members list|invite|add|invitations|resend-invitation|revoke-invitation|set-role|remove|roles`. */
export function registerMemberCommands(program: Command, io: CliIo): void {
  const members = program.command('members').description('manage the members of the current organization');

  addListCommand(members, io, {
    things: 'members',
    description: 'list the members and their roles',
    sorts: memberSorts,
    fetchPage: (api, input) => api.members.list.query(input),
    format: (page) => formatMembers(page),
  });

  for (const name of ['invite', 'add']) {
    members
      .command(name)
      .description(
        name === 'add'
          ? 'same as invite: nobody joins without accepting (needs manage:members)'
          : 'invite someone by email with a role; they join when they accept the mailed link (needs manage:members)',
      )
      .requiredOption('--email <email>', 'their email address (an account is made on acceptance if they have none)')
      .requiredOption('--role <role>', 'role name (Owner, Admin, Developer, Viewer, ...) or id')
      .action(
        withSession<AddOptions>(io, async (session, options) => {
          const invitation = await session
            .signedIn()
            .invitations.create.mutate({ email: options.email, role: options.role });
          session.print(
            invitation,
            () =>
              `Invited ${invitation.email} as ${invitation.role} (invitation ${invitation.id}, expires ${formatTime(invitation.expiresAt)}); they join when they accept the mailed link.`,
          );
        }),
      );
  }

  members
    .command('invitations')
    .description('list the open invitations')
    .action(withQuery(io, (api) => api.invitations.list.query(), formatInvitations));

  members
    .command('resend-invitation')
    .description('send an invitation again with a new link (needs manage:members)')
    .argument('<id>', 'the invitation id')
    .action(
      withRef(io, async (session, _options, id) => {
        const invitation = await session.signedIn().invitations.resend.mutate({ id });
        session.print(invitation, () => `Sent the invitation to ${invitation.email} again.`);
      }),
    );

  members
    .command('revoke-invitation')
    .description('revoke an invitation: its link stops working (needs manage:members)')
    .argument('<id>', 'the invitation id')
    .action(
      withRef(io, async (session, _options, id) => {
        await session.signedIn().invitations.revoke.mutate({ id });
        session.print({ revoked: id }, () => `Revoked invitation ${id}.`);
      }),
    );

  members
    .command('set-role')
    .description("change a member's role (needs manage:members)")
    .argument('<userId|email>', 'the member, by user id or email')
    .requiredOption('--role <role>', 'role name or id')
    .action(
      withRef<{ role: string }>(io, async (session, options, ref) => {
        const api = session.signedIn();
        const member = await api.members.setRole.mutate({ userId: await resolveUserId(api, ref), role: options.role });
        session.print(member, () => `${formatPerson(member)} is now ${member.role}.`);
      }),
    );

  members
    .command('remove')
    .description('remove a member (needs manage:members, or yourself)')
    .argument('<userId|email>', 'the member, by user id or email')
    .action(
      withRef(io, async (session, _options, ref) => {
        const api = session.signedIn();
        const userId = await resolveUserId(api, ref);
        await api.members.remove.mutate({ userId });
        session.print({ removed: userId }, () => `Removed ${ref} from the organization.`);
      }),
    );

  members
    .command('roles')
    .description('list the roles of the organization with their permissions')
    .action(withQuery(io, (api) => api.members.roles.query(), formatRoles));
}
