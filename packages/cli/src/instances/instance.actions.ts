import type { Instance, Operation } from '@ocore/core';
import type { Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { followOperation } from './instance.follow.js';
import { formatOperationList, formatOperationLogs, formatQueuedOperation } from './instance.format.js';
import { findInstance } from './instance.lookup.js';

type ActionKind = 'start' | 'stop' | 'restart' | 'redeploy' | 'delete';

interface ActionOptions {
  follow?: boolean;
  keepData?: boolean;
}

function request(api: ApiClient, kind: ActionKind, instance: Instance, options: ActionOptions): Promise<Operation> {
  if (kind === 'delete') return api.instances.delete.mutate({ id: instance.id, keepData: options.keepData === true });
  return api.instances[kind].mutate({ id: instance.id });
}

/** Asks for the operation; with --follow, listens first and prints its log lines until it ends. */
async function runAction(session: Session, kind: ActionKind, ref: string, options: ActionOptions): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  if (!options.follow) {
    const operation = await request(api, kind, instance, options);
    return session.print(operation, () => formatQueuedOperation(instance.name, operation));
  }
  await followOperation(session, {
    name: instance.name,
    instanceId: instance.id,
    pick: async (client) => {
      const operation = await request(client, kind, instance, options);
      return { instanceId: instance.id, operationId: operation.id, requested: operation };
    },
  });
}

interface LogsOptions {
  operation?: string;
  follow?: boolean;
}

/** Prints an operation's log lines (the newest operation unless --operation), or follows them. */
async function showLogs(session: Session, ref: string, options: LogsOptions): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const operationId = options.operation;
  if (options.follow) {
    return followOperation(session, {
      name: instance.name,
      instanceId: instance.id,
      pick: () => Promise.resolve({ instanceId: instance.id, ...(operationId && { operationId }) }),
    });
  }
  const { items } = await api.instances.operations.query({ id: instance.id });
  const operation = operationId ? items.find((o) => o.id === operationId) : items[0];
  if (!operation) {
    session.print(
      null,
      () => `Instance ${instance.name} has ${operationId ? `no operation ${operationId}` : 'no operations yet'}.`,
    );
    return;
  }
  session.print(operation, () => formatOperationLogs(operation));
}

const actions: ReadonlyArray<readonly [ActionKind, string]> = [
  ['start', 'start a stopped or failed instance'],
  ['stop', 'stop a running instance'],
  ['restart', 'restart a running instance'],
  ['redeploy', 'deploy the instance again, every provisioning step (retries a failed one)'],
  ['delete', 'delete an instance: its container, database and volumes (--keep-data keeps the data)'],
];

/** `ocore instance start|stop|restart|redeploy|delete|logs`. */
export function registerInstanceActionCommands(instance: Command, io: CliIo): void {
  for (const [kind, description] of actions) {
    const command = instance
      .command(kind)
      .description(`${description}; answers with the queued operation (needs manage:instances)`)
      .argument('<instance>', 'the instance, by id or name')
      .option('--follow', 'follow the operation’s log lines until it ends (exit 1 when it fails)');
    if (kind === 'delete') command.option('--keep-data', 'keep the database and the volumes; only the container goes');
    command.action(withRef<ActionOptions>(io, (session, options, ref) => runAction(session, kind, ref, options)));
  }

  instance
    .command('logs')
    .description('print the log lines of the instance’s newest operation, or of --operation (needs view:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .option('--operation <id>', 'the operation, by id (see `ocore instance operations`)')
    .option('--follow', 'follow the lines live until the operation ends (exit 1 when it fails)')
    .action(withRef<LogsOptions>(io, (session, options, ref) => showLogs(session, ref, options)));

  instance
    .command('operations')
    .description('list the instance’s operations, newest first (needs view:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .action(
      withRef(io, async (session, _options, ref) => {
        const api = session.signedIn();
        const found = await findInstance(api, ref);
        const list = await api.instances.operations.query({ id: found.id });
        session.print(list, () => formatOperationList(list.items));
      }),
    );
}
