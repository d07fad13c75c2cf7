import type { CloneInstanceInput } from '@ocore/core';
import { Option, type Command } from 'commander';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { followOperation } from './instance.follow.js';
import { formatQueuedOperation } from './instance.format.js';
import { findServer } from '../servers/server.lookup.js';
import { findInstance } from './instance.lookup.js';

interface CloneOptions {
  name: string;
  stage: CloneInstanceInput['stage'];
  neutralize: boolean;
  server?: string;
  follow?: boolean;
}

async function cloneInstance(session: Session, ref: string, options: CloneOptions): Promise<void> {
  const api = session.signedIn();
  const [source, server] = await Promise.all([
    findInstance(api, ref),
    options.server === undefined ? undefined : findServer(api, options.server),
  ]);
  const input = {
    id: source.id,
    name: options.name,
    stage: options.stage,
    neutralize: options.neutralize,
    ...(server && { serverId: server.id }),
  };
  if (!options.follow) {
    const operation = await api.instances.clone.mutate(input);
    return session.print(operation, () => formatQueuedOperation(options.name, operation));
  }
  await followOperation(session, {
    name: options.name,
    pick: async (client) => {
      const operation = await client.instances.clone.mutate(input);
      return { instanceId: operation.instanceId ?? '', operationId: operation.id };
    },
  });
}

/** `ocore instance clone <instance> --name … --stage staging|development [--server …] [--no-neutralize] [--follow]`. */
export function registerInstanceCloneCommand(instance: Command, io: CliIo): void {
  instance
    .command('clone')
    .description(
      'clone the instance to staging or development in its project, on its server (database copied as a template, filestore copied) or on another (both streamed across), then neutralized; answers with the clone’s queued operation (needs manage:instances)',
    )
    .argument('<instance>', 'the instance to clone, by id or name')
    .requiredOption('--name <name>', 'the clone’s name')
    .addOption(
      new Option('--stage <stage>', 'the clone’s stage').choices(['staging', 'development']).default('staging'),
    )
    .option('--server <server>', 'another server for the clone, by id or name (default: the instance’s own)')
    .option('--no-neutralize', 'keep crons, outgoing mail and payment providers as they are (not advised)')
    .option('--follow', 'follow the clone’s log lines until it ends (exit 1 when it fails)')
    .action(withRef<CloneOptions>(io, (session, options, ref) => cloneInstance(session, ref, options)));
}
