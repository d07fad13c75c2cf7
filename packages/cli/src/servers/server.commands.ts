import type { CreateServerInput } from '@ocore/core';
import type { Command } from 'commander';
import { removeFound } from '../shared/lookup.js';
import type { CliIo } from '../shared/output.js';
import { withList, withRef, withSession, type Session } from '../shared/session.js';
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

/** `ocore server add|list|get|update|remove`. */
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

  server
    .command('list')
    .description('list the servers with their status from the last reachability probe (needs view:servers)')
    .action(withList(io, (api) => api.servers.list.query(), formatServerList));

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
