import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { Backup, Restore } from '@ocore/core';
import type { Command } from 'commander';
import { findInstance } from '../instances/instance.lookup.js';
import { CliError } from '../shared/errors.js';
import { formatFields, type CliIo } from '../shared/output.js';
import { withSession, type Session } from '../shared/session.js';
import { findDestinationId } from './backup.commands.js';
import { formatSize } from './backup.format.js';
import { waitForRestore } from './backup-verify.commands.js';

interface ImportOptions {
  destination?: string;
  wait?: boolean;
}

/** The file's size, or a failure naming the file. */
async function sizeOf(file: string): Promise<number> {
  try {
    const found = await stat(file);
    if (!found.isFile()) throw new CliError(`${file}: not a file`);
    return found.size;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
}

/** The file, streamed, telling on stderr each quarter sent (unless --json). */
function upload(session: Session, file: string, size: number): Readable {
  let sent = 0;
  let told = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      const quarter = size ? Math.floor((sent / size) * 4) : 4;
      if (!session.json && quarter > told) {
        told = quarter;
        session.io.stderr.write(`uploaded ${quarter * 25}% (${formatSize(sent)} of ${formatSize(size)})\n`);
      }
      done(null, chunk);
    },
  });
  return createReadStream(file).pipe(counter);
}

async function importBackup(session: Session, options: ImportOptions, ref: string, file: string): Promise<void> {
  const size = await sizeOf(file);
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const destinationId = options.destination ? await findDestinationId(api, options.destination) : undefined;
  const query = destinationId ? `?destinationId=${encodeURIComponent(destinationId)}` : '';
  // The route takes the archive as the body itself: streamed, never read whole into memory here.
  const res = await fetch(`${session.url}/api/instances/${encodeURIComponent(instance.id)}/import${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.bearer()}`, 'Content-Type': 'application/octet-stream' },
    body: Readable.toWeb(upload(session, file, size)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  });
  const answer = (await res.json().catch(() => ({}))) as { message?: string; backup?: Backup; restore?: Restore };
  if (!res.ok || !answer.backup || !answer.restore)
    throw new CliError(`the import was refused (${res.status}): ${answer.message ?? res.statusText}`);
  const restore = options.wait ? await waitForRestore(api, answer.restore) : answer.restore;
  const result = { backup: answer.backup, restore };
  session.print(result, () =>
    formatFields([
      [
        'Backup',
        `${answer.backup?.id ?? ''} (${answer.backup?.format ?? ''}, ${formatSize(answer.backup?.sizeBytes ?? null)})`,
      ],
      ['Instance', instance.name],
      ['Restore', `${restore.id}, ${restore.status} (in place, after a safety backup)`],
    ]),
  );
}

/** `ocore backup import <instance> <file>`, on the `backup` command. */
export function registerBackupImportCommand(backup: Command, io: CliIo): void {
  backup
    .command('import')
    .description(
      'import an Odoo backup made elsewhere (Odoo.sh, Odoo Online, on premise: a zip, or the dump variant) into the instance: streamed to a destination, its Odoo version checked against the instance’s, then restored in place after a safety backup (needs manage:instances)',
    )
    .argument('<instance>', 'the instance, by id or name (it must be running)')
    .argument('<file>', 'the backup file')
    .option(
      '--destination <destination>',
      'where the upload is kept, by id or name (default: the organization’s default, else its only destination)',
    )
    .option('--wait', 'wait until the restore has ended (exit 1 when it failed)')
    .action(
      withSession<ImportOptions>(io, async (session, options, [ref, file]) => {
        if (ref === undefined || file === undefined) throw new Error('the command needs its two arguments');
        await importBackup(session, options, ref, file);
      }),
    );
}
