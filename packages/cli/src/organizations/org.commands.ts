import type { UpdateOrgInput, UserOrganization } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { CliError, usageError } from '../shared/errors.js';
import { formatOrgName, type CliIo } from '../shared/output.js';
import { withQuery, withRef, withSession, type Session } from '../shared/session.js';
import { requireChange } from '../shared/update-input.js';
import { formatOrg, formatOrgList } from './org.format.js';

interface CreateOptions {
  name: string;
  slug?: string;
}

interface UpdateOptions {
  name?: string;
  slug?: string;
  logoUrl?: string;
}

/** The organization of yours whose slug or id is `ref`. */
async function findMyOrg(api: ApiClient, ref: string): Promise<UserOrganization> {
  const mine = await api.organizations.listMine.query();
  const found = mine.items.find((o) => o.id === ref || o.slug === ref.toLowerCase());
  if (!found) throw new CliError(`you belong to no organization "${ref}"; see \`ocore org list\``);
  return found;
}

async function updateOrg(session: Session, options: UpdateOptions): Promise<void> {
  const input = requireChange<UpdateOrgInput>(
    {
      ...(options.name !== undefined && { name: options.name }),
      ...(options.slug !== undefined && { slug: options.slug }),
      ...(options.logoUrl !== undefined && { logoUrl: options.logoUrl }),
    },
    'nothing to update: pass --name, --slug or --logo-url',
  );
  const org = await session.signedIn().organizations.update.mutate(input);
  session.print(org, () => `Updated organization ${formatOrgName(org)}.\n${formatOrg(org)}`);
}

async function switchOrg(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const target = await findMyOrg(api, ref);
  const result = await api.auth.switchOrg.mutate({ organizationId: target.id });
  await session.saveToken(result.token);
  session.print(result, () => `Switched to ${formatOrgName(result.organization)} as ${target.role}.`);
}

/**
 * Deletes the current organization. Its token dies with it, so a token for another of
 * your organizations is taken first and saved once the deletion went through.
 */
async function deleteOrg(session: Session, confirmed: boolean): Promise<void> {
  if (!confirmed) {
    throw usageError('deleting an organization removes everything it owns and cannot be undone; pass --yes to confirm');
  }
  const api = session.signedIn();
  const [current, mine] = await Promise.all([api.organizations.current.query(), api.organizations.listMine.query()]);
  const next = mine.items.find((o) => o.id !== current.id);
  const switched = next ? await api.auth.switchOrg.mutate({ organizationId: next.id }) : undefined;
  await api.organizations.delete.mutate();
  if (switched) await session.saveToken(switched.token);
  const after = switched
    ? `Now in ${formatOrgName(switched.organization)}.`
    : 'You belong to no other organization; sign in again with `ocore login` to create one.';
  session.print(
    { deleted: current, current: switched?.organization ?? null },
    () => `Deleted organization ${formatOrgName(current)}. ${after}`,
  );
}

/** `ocore org create|update|list|switch|delete|show`. */
export function registerOrgCommands(program: Command, io: CliIo): void {
  const org = program.command('org').description('create, list, switch and manage organizations');

  org
    .command('create')
    .description('create an organization; you become its Owner')
    .requiredOption('--name <name>', 'display name, 2-100 characters')
    .option('--slug <slug>', '3-50 lowercase letters, digits and hyphens (default: from the name)')
    .action(
      withSession<CreateOptions>(io, async (session, options) => {
        const created = await session
          .signedIn()
          .organizations.create.mutate({ name: options.name, slug: options.slug });
        session.print(
          created,
          () =>
            `Created organization ${formatOrgName(created)}, id ${created.id}.\nSwitch to it with: ocore org switch ${created.slug}`,
        );
      }),
    );

  org
    .command('update')
    .description('change the current organization (needs manage:org_settings)')
    .option('--name <name>', 'new display name')
    .option('--slug <slug>', 'new slug')
    .option('--logo-url <url>', 'https:// URL of the logo; "" removes it')
    .action(withSession<UpdateOptions>(io, updateOrg));

  org
    .command('list')
    .description('list the organizations you belong to; * marks the current one')
    .action(
      withSession(io, async (session) => {
        const api = session.signedIn();
        const [mine, me] = await Promise.all([api.organizations.listMine.query(), api.auth.me.query()]);
        session.print(mine, () => formatOrgList(mine.items, me.organization?.id));
      }),
    );

  org
    .command('switch')
    .description('make another of your organizations the current one')
    .argument('<slug|id>', 'the organization slug or id')
    .action(withRef(io, (session, _options, ref) => switchOrg(session, ref)));

  org
    .command('delete')
    .description('delete the current organization and everything it owns (Owner only)')
    .option('--yes', 'confirm the deletion')
    .action(withSession<{ yes?: boolean }>(io, (session, options) => deleteOrg(session, options.yes === true)));

  org
    .command('show')
    .description('show the current organization')
    .action(withQuery(io, (api) => api.organizations.current.query(), formatOrg));
}
