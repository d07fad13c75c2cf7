import { clientListLimits, clientSorts, type ClientOrg } from '@ocore/core';
import type { Command } from 'commander';
import { usageError } from '../shared/errors.js';
import { formatOrgName, type CliIo } from '../shared/output.js';
import { addListCommand } from '../shared/list-command.js';
import { promptLine } from '../shared/prompt.js';
import { withRef, withSession, type Session } from '../shared/session.js';
import { formatClientList } from './clients.format.js';
import { findClient } from './clients.lookup.js';

interface DeleteOptions {
  confirm?: string;
  yes?: boolean;
}

/**
 * The client's name as the person confirmed it: from --confirm, else typed at the
 * terminal. Never assumed: a client's deletion takes its members and data with it.
 */
async function readConfirmation(session: Session, client: ClientOrg, options: DeleteOptions): Promise<string> {
  if (options.confirm !== undefined) return options.confirm;
  const stdin = session.io.stdin;
  if (stdin?.isTTY) {
    session.io.stderr.write(
      `Deleting ${formatOrgName(client)} removes all its members, resources and data; it cannot be undone.\n`,
    );
    return promptLine(stdin, session.io, "Type the client's name to confirm: ");
  }
  const why = options.yes ? '--yes is not enough to delete a client' : 'deleting a client cannot be undone';
  throw usageError(`${why}: pass --confirm with the client's name, e.g. --confirm "${client.name}"`);
}

async function deleteClient(session: Session, ref: string, options: DeleteOptions): Promise<void> {
  const api = session.signedIn();
  const client = await findClient(api, ref);
  const typed = await readConfirmation(session, client, options);
  if (typed !== client.name) {
    throw usageError(`the confirmation does not match the client's name "${client.name}"; nothing was deleted`);
  }
  await api.agency.deleteClient.mutate({ clientOrgId: client.id });
  session.print({ deleted: client }, () => `Deleted client ${formatOrgName(client)} and everything it owned.`);
}

/** Switches into a client as an agency operator, with the client's Admin role. */
async function openClient(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const [client, agency] = await Promise.all([findClient(api, ref), api.organizations.current.query()]);
  const result = await api.auth.switchOrg.mutate({ organizationId: client.id });
  await session.saveToken(result.token);
  session.print(result, () =>
    [
      `Opened ${formatOrgName(result.organization)} as an operator of ${agency.name} (Admin in the client).`,
      `Commands now act in the client; go back with: ocore org switch ${agency.slug}`,
    ].join('\n'),
  );
}

/** `ocore agency client list|create|delete|open`. */
export function registerClientCommands(agency: Command, io: CliIo): void {
  const client = agency.command('client').description("the agency's client organizations");

  addListCommand(client, io, {
    things: 'clients',
    description: 'list the client organizations, newest first (needs view:agency)',
    sorts: clientSorts,
    limits: clientListLimits,
    fetchPage: (api, input) => api.agency.listClients.query(input),
    format: (page) => formatClientList(page),
  });

  client
    .command('create')
    .description('create a client organization managed by the agency (needs manage:agency)')
    .requiredOption('--name <name>', 'display name, 2-100 characters')
    .option('--slug <slug>', '3-50 lowercase letters, digits and hyphens (default: from the name)')
    .action(
      withSession<{ name: string; slug?: string }>(io, async (session, options) => {
        const input = { name: options.name, slug: options.slug };
        const created = await session.signedIn().agency.createClient.mutate(input);
        session.print(created, () =>
          [
            `Created client ${formatOrgName(created)}, id ${created.id}.`,
            `Work in it with: ocore agency client open ${created.slug}`,
          ].join('\n'),
        );
      }),
    );

  client
    .command('delete')
    .description('delete a client organization and everything it owns (needs manage:agency)')
    .argument('<clientOrgId|slug>', 'the client, by id or slug')
    .option('--confirm <name>', "the client's name, exactly, to confirm without a prompt")
    .option('--yes', 'not enough on its own: a client is only deleted once its name is confirmed')
    .action(withRef<DeleteOptions>(io, (session, options, ref) => deleteClient(session, ref, options)));

  client
    .command('open')
    .description('switch into a client as an agency operator and save the token (needs manage:agency)')
    .argument('<clientOrgId|slug>', 'the client, by id or slug')
    .action(withRef(io, (session, _options, ref) => openClient(session, ref)));
}
