import type { Instance, InstanceDatabaseChange, InstanceDatabaseList } from '@ocore/core';
import type { Command } from 'commander';
import { formatSize } from '../backups/backup.format.js';
import type { ApiClient } from '../shared/client.js';
import { usageError } from '../shared/errors.js';
import { formatTable, type CliIo } from '../shared/output.js';
import { promptLine } from '../shared/prompt.js';
import { withSession, type Session } from '../shared/session.js';
import { findInstance } from './instance.lookup.js';

function formatDatabases(list: InstanceDatabaseList): string {
  const table = formatTable(list.items, [
    { header: 'name', value: (d) => (d.served ? `${d.name} (served)` : d.name) },
    { header: 'size', value: (d) => formatSize(d.sizeBytes) },
  ]);
  return `${list.items.length === 0 ? 'No databases.' : table}\nNew names start with ${list.prefix}.`;
}

/** The safety backup a change took first, when it took one. */
const backedUp = (id: string | null | undefined) => (id ? ` Backed up first: backup ${id}.` : '');

/** Runs `act` on the instance named by the first operand and prints the list it answers. */
function listAction(
  io: CliIo,
  act: (api: ApiClient, instance: Instance, operands: string[], options: Record<string, unknown>) => Promise<unknown>,
  done: (operands: string[]) => string,
) {
  return withSession(io, async (session, options, [ref, ...operands]) => {
    const api = session.signedIn();
    const instance = await findInstance(api, ref ?? '');
    const list = (await act(api, instance, operands, options)) as InstanceDatabaseList &
      Partial<Pick<InstanceDatabaseChange, 'backupId'>>;
    session.print(list, () => `${done(operands)}${backedUp(list.backupId)}\n${formatDatabases(list)}`);
  });
}

/** The database's name as the person typed it again: --confirm, else at the terminal; never assumed. */
async function confirmation(session: Session, name: string, confirm: string | undefined): Promise<string> {
  if (confirm !== undefined) return confirm;
  const stdin = session.io.stdin;
  if (stdin?.isTTY) {
    session.io.stderr.write(`Dropping ${name} deletes its data and filestore (a backup of it is taken first).\n`);
    return promptLine(stdin, session.io, "Type the database's name to confirm: ");
  }
  throw usageError(`dropping a database cannot be undone: pass --confirm with its name, e.g. --confirm ${name}`);
}

async function drop(session: Session, ref: string, name: string, confirm: string | undefined): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const typed = await confirmation(session, name, confirm);
  if (typed !== name) throw usageError(`the confirmation does not match "${name}"; nothing was dropped`);
  const list = await api.instanceDatabases.drop.mutate({ id: instance.id, name, confirmName: typed });
  session.print(list, () => `Dropped ${name}.${backedUp(list.backupId)}\n${formatDatabases(list)}`);
}

const instanceArg = ['<instance>', 'the instance, by id or name'] as const;

/** `ocore instance db list|create|duplicate|rename|drop|neutralize|serve`: an instance's databases. */
export function registerInstanceDatabaseCommands(instance: Command, io: CliIo): void {
  const db = instance
    .command('db')
    .description("an instance's databases on the shared PostgreSQL; the instance must run");
  db.command('list')
    .description('list the databases with their sizes and the one served (needs view:instances)')
    .argument(...instanceArg)
    .action(
      withSession(io, async (session, _options, [ref]) => {
        const api = session.signedIn();
        const found = await findInstance(api, ref ?? '');
        const list = await api.instanceDatabases.list.query({ id: found.id });
        session.print(list, () => formatDatabases(list));
      }),
    );
  db.command('create')
    .description("create a database with Odoo's base module; its name starts with the prefix (needs manage:instances)")
    .argument(...instanceArg)
    .argument('<name>', 'the new database')
    .action(
      listAction(
        io,
        (api, found, [name]) => api.instanceDatabases.create.mutate({ id: found.id, name: name ?? '' }),
        ([name]) => `Created ${name}.`,
      ),
    );
  db.command('duplicate')
    .description('copy a database and its filestore (needs manage:instances)')
    .argument(...instanceArg)
    .argument('<name>', 'the database to copy')
    .argument('<new-name>', 'the copy')
    .option('--neutralize', "run Odoo's neutralize on the copy: no crons, no outgoing mail")
    .action(
      listAction(
        io,
        (api, found, [name, newName], options) =>
          api.instanceDatabases.duplicate.mutate({
            id: found.id,
            name: name ?? '',
            newName: newName ?? '',
            neutralize: options['neutralize'] === true,
          }),
        ([name, newName]) => `Copied ${name} to ${newName}.`,
      ),
    );
  db.command('rename')
    .description('rename a database the instance does not serve (needs manage:instances)')
    .argument(...instanceArg)
    .argument('<name>', 'the database')
    .argument('<new-name>', 'its new name')
    .action(
      listAction(
        io,
        (api, found, [name, newName]) =>
          api.instanceDatabases.rename.mutate({ id: found.id, name: name ?? '', newName: newName ?? '' }),
        ([name, newName]) => `Renamed ${name} to ${newName}.`,
      ),
    );
  db.command('drop')
    .description('drop a database the instance does not serve, once its name is typed again (needs manage:instances)')
    .argument(...instanceArg)
    .argument('<name>', 'the database')
    .option('--confirm <name>', "the database's name again, to confirm without a prompt")
    .action(
      withSession<{ confirm?: string }>(io, (session, options, [ref, name]) =>
        drop(session, ref ?? '', name ?? '', options.confirm),
      ),
    );
  db.command('neutralize')
    .description("run Odoo's neutralize on a database: crons and outgoing mail off (needs manage:instances)")
    .argument(...instanceArg)
    .argument('<name>', 'the database')
    .action(
      listAction(
        io,
        (api, found, [name]) => api.instanceDatabases.neutralize.mutate({ id: found.id, name: name ?? '' }),
        ([name]) => `Neutralized ${name}.`,
      ),
    );
  db.command('serve')
    .description(
      'serve another database (odoo.conf db_name and dbfilter); the instance restarts (needs manage:instances)',
    )
    .argument(...instanceArg)
    .argument('<name>', 'the database')
    .action(
      withSession(io, async (session, _options, [ref, name]) => {
        const api = session.signedIn();
        const found = await findInstance(api, ref ?? '');
        const served = await api.instanceDatabases.serve.mutate({ id: found.id, name: name ?? '' });
        session.print(
          served,
          () =>
            `${found.name} now serves ${served.served}; restart queued (operation ${served.operation.id}).${backedUp(served.backupId)}`,
        );
      }),
    );
}
