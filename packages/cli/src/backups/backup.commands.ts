import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { backupFormats, type Backup, type BackupFormat } from '@ocore/core';
import type { Command } from 'commander';
import { findInstance } from '../instances/instance.lookup.js';
import type { ApiClient } from '../shared/client.js';
import { CliError } from '../shared/errors.js';
import { findByRef } from '../shared/lookup.js';
import type { CliIo } from '../shared/output.js';
import { withRef, type Session } from '../shared/session.js';
import { formatBackup, formatBackupList, formatSize } from './backup.format.js';
import { registerScheduleCommands } from './schedule.commands.js';
import { registerBackupImportCommand } from './backup-import.commands.js';

/** The organization's backup destination whose id or name is `ref`. */
export async function findDestinationId(api: ApiClient, ref: string): Promise<string> {
  const found = await findByRef(() => api.backupDestinations.list.query(), ref, {
    noun: 'backup destination',
    listCommand: 'the destinations page',
  });
  return found.id;
}

/** Polls the backup until it completed or failed, saying each change of status. */
async function follow(session: Session, api: ApiClient, backup: Backup): Promise<Backup> {
  let current = backup;
  let said = current.status;
  while (current.status === 'pending' || current.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    current = await api.backups.get.query({ id: current.id });
    if (current.status !== said && !session.json) session.io.stderr.write(`${current.status}\n`);
    said = current.status;
  }
  return current;
}

async function createBackup(
  session: Session,
  options: { destination?: string; follow?: boolean; format?: string },
  ref: string,
): Promise<void> {
  if (options.format !== undefined && !(backupFormats as readonly string[]).includes(options.format))
    throw new CliError(`--format: must be ${backupFormats.join(' or ')}`);
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const destinationId = options.destination ? await findDestinationId(api, options.destination) : undefined;
  const queued = await api.backups.create.mutate({
    id: instance.id,
    ...(destinationId && { destinationId }),
    ...(options.format && { format: options.format as BackupFormat }),
  });
  const backup = options.follow ? await follow(session, api, queued) : queued;
  session.print(backup, () =>
    options.follow ? formatBackup(backup) : `Queued a backup of ${instance.name} (backup ${backup.id}).`,
  );
  if (backup.status === 'failed') throw new CliError(`the backup failed: ${backup.reason ?? 'no reason given'}`);
}

async function downloadBackup(session: Session, options: { output?: string }, id: string): Promise<void> {
  const res = await fetch(`${session.url}/api/backups/${encodeURIComponent(id)}/download`, {
    headers: { Authorization: `Bearer ${session.bearer()}` },
  });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new CliError(`the download was refused (${res.status}): ${body.message ?? res.statusText}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `backup-${id}.zip`;
  const file = options.output ?? name;
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(file));
  const size = Number(res.headers.get('content-length') ?? NaN);
  session.print({ file, sizeBytes: size }, () => `Saved ${file} (${formatSize(Number.isNaN(size) ? null : size)}).`);
}

/** `ocore backup create|list|get|download|import|delete` and `ocore backup schedule get|set`. */
export function registerBackupCommands(program: Command, io: CliIo): void {
  const backup = program
    .command('backup')
    .description(
      'backups of instances in Odoo’s own zip format: make, list, download, import, restore, delete, schedule',
    );
  backup
    .command('create')
    .description('back an instance up now (needs manage:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .option('--destination <destination>', 'where to, by id or name (default: the organization’s default)')
    .option(
      '--format <format>',
      'zip (Odoo’s own: dump.sql and filestore/, the default) or dump (custom-format pg_dump and the filestore as tar, for large databases)',
    )
    .option('--follow', 'wait until it completed or failed (exit 1 when it failed)')
    .action(withRef(io, createBackup));
  backup
    .command('list')
    .description('the instance’s backups, newest first, with the last successful one and whether one is overdue')
    .argument('<instance>', 'the instance, by id or name')
    .action(
      withRef(io, async (session, _options, ref) => {
        const api = session.signedIn();
        const list = await api.backups.list.query({ id: (await findInstance(api, ref)).id });
        session.print(list, () => formatBackupList(list));
      }),
    );
  backup
    .command('get')
    .description('one backup: status (or why it failed), size, checksum')
    .argument('<backup>', 'the backup id')
    .action(
      withRef(io, async (session, _options, id) => {
        const found = await session.signedIn().backups.get.query({ id });
        session.print(found, () => formatBackup(found));
      }),
    );
  backup
    .command('download')
    .description('save a completed backup (an Odoo zip), streamed')
    .argument('<backup>', 'the backup id')
    .option('-o, --output <file>', 'where to save it (default: the name the server gives)')
    .action(withRef(io, downloadBackup));
  backup
    .command('delete')
    .description('delete a backup: its bytes at the destination and its record (needs manage:instances)')
    .argument('<backup>', 'the backup id')
    .action(
      withRef(io, async (session, _options, id) => {
        await session.signedIn().backups.delete.mutate({ id });
        session.print({ deleted: id }, () => `Deleted backup ${id}.`);
      }),
    );
  registerScheduleCommands(backup, io);
  registerBackupImportCommand(backup, io);
}
