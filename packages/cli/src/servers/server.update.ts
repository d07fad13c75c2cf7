import type { UpdateServerInput } from '@ocore/core';
import { Option, type Command } from 'commander';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { requireChange } from '../shared/update-input.js';
import { formatSavedServer } from './server.format.js';
import { findServer } from './server.lookup.js';
import { addServerOptions, capacityInput, connectionInput, type ServerOptions } from './server.options.js';

interface UpdateOptions extends ServerOptions {
  clearKey?: boolean;
  clearPassword?: boolean;
  maintenance?: boolean;
  active?: boolean;
  resetHostKey?: boolean;
}

const examples = `
Examples:
  ocore server update db-1 --key-file ~/.ssh/id_ed25519    give it the key deployments log in with
  pass show db-1 | ocore server update db-1 --password-stdin
  ocore server update db-1 --maintenance                   keep deployments off it; --active ends that
  ocore server update db-1 --reset-host-key                after a rebuild: pin its new SSH host key
  ocore server update db-1 --docker-socket /run/user/1000/docker.sock   a rootless engine`;

function statusOf(options: UpdateOptions): UpdateServerInput['status'] {
  if (options.maintenance) return 'maintenance';
  return options.active ? 'active' : undefined;
}

/** The partial update the options ask for; a usage error when they ask for nothing. */
async function updateInput(session: Session, options: UpdateOptions): Promise<Omit<UpdateServerInput, 'id'>> {
  const connection = await connectionInput(session, options);
  const capacity = capacityInput(options);
  const input = {
    ...connection,
    sshPrivateKey: options.clearKey ? null : connection.sshPrivateKey,
    sshPassword: options.clearPassword ? null : connection.sshPassword,
    capacity: Object.values(capacity).some((value) => value !== undefined) ? capacity : undefined,
    status: statusOf(options),
    resetHostKey: options.resetHostKey,
  };
  return requireChange(input, 'nothing to update: pass at least one option; see `ocore server update --help`');
}

async function updateServer(session: Session, ref: string, options: UpdateOptions): Promise<void> {
  const input = await updateInput(session, options);
  const api = session.signedIn();
  const found = await findServer(api, ref);
  const updated = await api.servers.update.mutate({ id: found.id, ...input });
  session.print(updated, () => formatSavedServer('Updated', updated));
}

/** `ocore server update`. */
export function registerServerUpdateCommand(server: Command, io: CliIo): void {
  const update = server
    .command('update')
    .description(
      'change a server: only the options given change; the key and password are stored sealed (needs manage:servers)',
    )
    .argument('<id>', 'the server, by id or name');
  addServerOptions(update, 'update')
    .addOption(new Option('--clear-key', 'forget the stored SSH private key').conflicts('keyFile'))
    .addOption(new Option('--clear-password', 'forget the stored SSH password').conflicts('passwordStdin'))
    .addOption(
      new Option(
        '--maintenance',
        'put it in maintenance: deployments and new instances are refused on it, and it is not probed',
      ).conflicts('active'),
    )
    .addOption(new Option('--active', 'take it out of maintenance (pending until its next check)'))
    .option('--reset-host-key', 'forget the pinned SSH host key (after a rebuild); a new host or port does it too')
    .addHelpText('after', examples)
    .action(withRef<UpdateOptions>(io, (session, options, ref) => updateServer(session, ref, options)));
}
