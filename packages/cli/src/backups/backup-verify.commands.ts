import { stages, type Restore, type RestoreBackupInput } from '@ocore/core';
import { Option, type Command } from 'commander';
import type { ApiClient } from '../shared/client.js';
import { CliError, usageError } from '../shared/errors.js';
import { formatFields, type CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { findServer } from '../servers/server.lookup.js';
import { findProject } from '../projects/project.lookup.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the backup's restores until this one has ended; exit 1 with its reason when it failed. */
export async function waitForRestore(api: ApiClient, restore: Restore): Promise<Restore> {
  for (;;) {
    const { items } = await api.backups.restores.query({ id: restore.backupId });
    const current = items.find((r) => r.id === restore.id) ?? restore;
    if (current.status === 'succeeded') return current;
    if (current.status === 'failed')
      throw new CliError(`The ${describe(current)} failed at ${current.step ?? 'start'}: ${current.error ?? ''}`);
    await sleep(2000);
  }
}

function describe(restore: Restore): string {
  if (restore.target === 'verify') return `restore drill of backup ${restore.backupId}`;
  if (restore.target === 'new') return `restore of backup ${restore.backupId} into new instance ${restore.instanceId}`;
  return `restore of backup ${restore.backupId} into instance ${restore.instanceId}`;
}

function formatRestore(restore: Restore): string {
  return formatFields([
    ['Restore', restore.id],
    ['What', describe(restore)],
    ['Status', restore.status],
  ]);
}

interface WaitOptions {
  wait?: boolean;
}

interface RestoreOptions extends WaitOptions {
  new?: boolean;
  name?: string;
  server?: string;
  project?: string;
  stage?: RestoreBackupInput['stage'];
}

async function restoreInput(api: ApiClient, id: string, options: RestoreOptions): Promise<RestoreBackupInput> {
  if (!options.new) {
    if (options.name || options.server || options.project || options.stage)
      throw usageError('--name, --server, --project and --stage go with --new');
    return { id, target: 'in-place' };
  }
  if (!options.name) throw usageError('--new needs --name <name> (the new instance’s name)');
  const [server, project] = await Promise.all([
    options.server === undefined ? undefined : findServer(api, options.server),
    options.project === undefined ? undefined : findProject(api, options.project),
  ]);
  return {
    id,
    target: 'new',
    name: options.name,
    ...(server && { serverId: server.id }),
    ...(project && { projectId: project.id }),
    ...(options.stage && { stage: options.stage }),
  };
}

async function answer(session: Session, api: ApiClient, restore: Restore, wait: boolean | undefined) {
  const done = wait ? await waitForRestore(api, restore) : restore;
  session.print(done, () => formatRestore(done));
}

/**
 * `ocore backup verify <id>` and `ocore backup restore <id> [--new --name …]`, on the `backup`
 * command (made here when the backup commands are not registered before these).
 */
export function registerBackupVerifyCommands(program: Command, io: CliIo): void {
  const backup =
    program.commands.find((c) => c.name() === 'backup') ??
    program.command('backup').description('back instances up, restore and verify backups');
  backup
    .command('verify')
    .description(
      'restore drill: restore the backup into a throwaway container, check Odoo answers, the database opens and the filestore matches, then remove it; sets the backup’s verifiedAt (needs manage:instances)',
    )
    .argument('<backup>', 'the backup, by id')
    .option('--wait', 'wait until the drill has ended (exit 1 when it failed)')
    .action(
      withRef<WaitOptions>(io, async (session, options, id) => {
        const api = session.signedIn();
        await answer(session, api, await api.backups.verify.mutate({ id }), options.wait);
      }),
    );
  backup
    .command('restore')
    .description(
      'restore the backup into its instance in place (a safety backup first), or with --new into a new instance of the backup’s Odoo version (needs manage:instances)',
    )
    .argument('<backup>', 'the backup, by id')
    .option('--new', 'restore into a new instance')
    .option('--name <name>', 'with --new: the new instance’s name')
    .option('--server <server>', 'with --new: its server, by id or name (else the backup’s instance’s)')
    .option('--project <project>', 'with --new: its project, by id or name (else the backup’s instance’s)')
    .addOption(new Option('--stage <stage>', 'with --new: its stage').choices(stages))
    .option('--wait', 'wait until the restore has ended (exit 1 when it failed)')
    .action(
      withRef<RestoreOptions>(io, async (session, options, id) => {
        const api = session.signedIn();
        const restore = await api.backups.restore.mutate(await restoreInput(api, id, options));
        await answer(session, api, restore, options.wait);
      }),
    );
}
