import { serverSorts, type CreateServerInput } from '@ocore/core';
import { addListCommand } from '../shared/list-command.js';
import type { Command } from 'commander';
import { CliError } from '../shared/errors.js';
import { removeFound } from '../shared/lookup.js';
import type { CliIo } from '../shared/output.js';
import { withRef, withSession, type Session } from '../shared/session.js';
import { formatSavedServer, formatServer, formatServerList } from './server.format.js';
import { findServer } from './server.lookup.js';
import { addServerOptions, capacityInput, connectionInput, type ServerOptions } from './server.options.js';
import { registerServerUpdateCommand } from './server.update.js';

/** The options of `add`, which has defaults for all but the name and host. */
interface AddOptions extends ServerOptions {
  name: string;
  host: string;
  port: number;
  user: string;
  cpu: number;
  memoryMb: number;
  maxInstances: number;
}

async function addServer(session: Session, options: AddOptions): Promise<void> {
  const input: CreateServerInput = {
    ...(await connectionInput(session, options)),
    capacity: capacityInput(options),
  };
  const created = await session.signedIn().servers.create.mutate(input);
  session.print(created, () => formatSavedServer('Added', created));
}

/** Checks the server now (SSH login, its engine); exits 1 when it could not be reached, saying why. */
async function checkServer(session: Session, ref: string): Promise<void> {
  const api = session.signedIn();
  const found = await findServer(api, ref);
  const checked = await api.servers.check.mutate({ id: found.id });
  session.print(checked, () => formatServer(checked));
  if (checked.status === 'unreachable' || (checked.status === 'maintenance' && checked.lastProbeError))
    throw new CliError(`server ${checked.name} cannot be reached: ${checked.lastProbeError ?? 'no reason given'}`);
}

/** `ocore server add|list|get|check|update|remove`. */
export function registerServerCommands(program: Command, io: CliIo): void {
  const server = program
    .command('server')
    .description('the servers your Odoo instances and topology nodes run on, reached over SSH');

  addServerOptions(
    server
      .command('add')
      .description(
        'register a server; its SSH key and password are stored sealed and never shown (needs manage:servers)',
      ),
    'add',
  ).action(withSession<AddOptions>(io, addServer));

  addListCommand(server, io, {
    things: 'servers',
    description: 'list the servers with their status from their last check (needs view:servers)',
    sorts: serverSorts,
    fetchPage: (api, input, options) =>
      api.servers.list.query({ ...input, ...(options['withAgency'] === true && { withAgency: true }) }),
    format: (page) => formatServerList(page.items),
  }).option('--with-agency', "in a client organization, its agency's servers too (where its instances may run)");

  server
    .command('get')
    .description('show one server (needs view:servers)')
    .argument('<id>', 'the server, by id or name')
    .action(
      withRef(io, async (session, _options, ref) => {
        const found = await findServer(session.signedIn(), ref);
        session.print(found, () => formatServer(found));
      }),
    );

  server
    .command('check')
    .description(
      'check a server now: log in over SSH and ask its Docker engine; exits 1 when it cannot (needs manage:servers)',
    )
    .argument('<id>', 'the server, by id or name')
    .action(withRef(io, (session, _options, ref) => checkServer(session, ref)));

  registerServerUpdateCommand(server, io);

  server
    .command('remove')
    .description('remove a server; refused while instances run on it (needs manage:servers)')
    .argument('<id>', 'the server, by id or name')
    .action(
      withRef(io, (session, _options, ref) =>
        removeFound(
          session,
          (api) => findServer(api, ref),
          (api, id) => api.servers.delete.mutate({ id }),
          'Removed server',
        ),
      ),
    );
}
