import type { Member, Role } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';
import { formatPerson, formatTable, type CliIo } from '../shared/output.js';
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

function formatRoles(list: { items: readonly Role[] }): string {
  return formatTable(list.items, [
    { header: 'name', value: (r) => r.name },
    { header: 'system', value: (r) => (r.isSystem ? 'yes' : 'no') },
    { header: 'members', value: (r) => String(r.memberCount) },
    { header: 'permissions', value: (r) => r.permissions.join(', ') || '-' },
  ]);
}

/** `ocore members list|add|set-role|remove|roles`. */
export function registerMemberCommands(program: Command, io: CliIo): void {
  const members = program.command('members').description('manage the members of the current organization');

  members
    .command('list')
    .description('list the members and their roles')
    .action(withQuery(io, (api) => api.members.list.query(), formatMembers));

  members
    .command('add')
    .description('add a registered user with a role (needs manage:members)')
    .requiredOption('--email <email>', 'the email the user signed up with')
    .requiredOption('--role <role>', 'role name (Owner, Admin, Developer, Viewer, ...) or id')
    .action(
      withSession<AddOptions>(io, async (session, options) => {
        const member = await session.signedIn().members.add.mutate({ email: options.email, role: options.role });
        session.print(member, () => `Added ${formatPerson(member)} as ${member.role}.`);
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
