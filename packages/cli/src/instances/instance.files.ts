import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileLimits, type FileEntry, type FileListing } from '@ocore/core';
import type { Command } from 'commander';
import { formatSize } from '../backups/backup.format.js';
import { usageError } from '../shared/errors.js';
import { formatTable, formatTime, type CliIo } from '../shared/output.js';
import { withSession, type Session } from '../shared/session.js';
import { findInstance } from './instance.lookup.js';

const where = 'custom addons (/mnt/extra-addons) and /etc/odoo/odoo.conf only';

function formatListing(listing: FileListing): string {
  const nameOf = (e: FileEntry) => `${listing.path === null ? e.path : e.name}${e.type === 'directory' ? '/' : ''}`;
  const lines = [
    listing.items.length === 0
      ? `${listing.path ?? 'The top'} is empty.`
      : formatTable(listing.items, [
          { header: 'name', value: nameOf },
          { header: 'type', value: (e) => e.type },
          { header: 'size', value: (e) => (e.type === 'directory' ? '-' : formatSize(e.size)) },
          { header: 'modified', value: (e) => formatTime(e.modifiedAt) },
        ]),
  ];
  if (listing.restartRequired)
    lines.push('odoo.conf changed since the instance started: `ocore instance restart` applies it.');
  return lines.join('\n');
}

async function list(session: Session, ref: string, path: string | undefined): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const listing = await api.instanceFiles.list.query({ id: instance.id, ...(path !== undefined && { path }) });
  session.print(listing, () => formatListing(listing));
}

async function cat(session: Session, ref: string, path: string): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const file = await api.instanceFiles.read.query({ id: instance.id, path });
  if (session.json) return session.print(file, () => '');
  session.io.stdout.write(file.content);
}

async function put(session: Session, ref: string, local: string, path: string, overwrite: boolean): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(local);
  } catch (error) {
    throw usageError(`${local} cannot be read: ${(error as Error).message}`);
  }
  if (bytes.length > fileLimits.transferBytes)
    throw usageError(`${local} is larger than ${formatSize(fileLimits.transferBytes)}, the most one upload carries`);
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const written = await api.instanceFiles.upload.mutate({
    id: instance.id,
    path,
    contentBase64: bytes.toString('base64'),
    overwrite,
  });
  session.print(written, () =>
    [
      `Uploaded ${local} to ${written.path} (${formatSize(bytes.length)}).`,
      ...(written.restartRequired ? ['odoo.conf changed: `ocore instance restart` applies it.'] : []),
    ].join('\n'),
  );
}

async function get(session: Session, ref: string, path: string, local: string | undefined): Promise<void> {
  const api = session.signedIn();
  const instance = await findInstance(api, ref);
  const file = await api.instanceFiles.download.query({ id: instance.id, path });
  const bytes = Buffer.from(file.contentBase64, 'base64');
  if (local === '-') {
    session.io.stdout.write(bytes.toString('utf8'));
    return;
  }
  const target = local ?? basename(file.name);
  await writeFile(target, bytes);
  session.print(
    { path, savedAs: target, size: file.size },
    () => `Saved ${path} as ${target} (${formatSize(file.size)}).`,
  );
}

/** `ocore instance files ls|cat|put|get`: an instance's custom addons and odoo.conf. */
export function registerInstanceFileCommands(instance: Command, io: CliIo): void {
  const files = instance.command('files').description(`an instance's files: ${where}; the instance must run`);
  files
    .command('ls')
    .description('list a folder, or the two roots without a path (needs view:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('[path]', 'a folder, absolute or relative to /mnt/extra-addons')
    .action(withSession(io, (session, _options, [ref, path]) => list(session, ref ?? '', path)));
  files
    .command('cat')
    .description('print a text file (needs view:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('<path>', 'the file, absolute or relative to /mnt/extra-addons')
    .action(withSession(io, (session, _options, [ref, path]) => cat(session, ref ?? '', path ?? '')));
  files
    .command('put')
    .description('upload a local file, up to 10 MB (needs manage:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('<local>', 'the local file')
    .argument('<path>', 'where it goes, its name included')
    .option('--overwrite', 'replace a file of that name (without it, an existing file is a conflict)')
    .action(
      withSession<{ overwrite?: boolean }>(io, (session, options, [ref, local, path]) =>
        put(session, ref ?? '', local ?? '', path ?? '', options.overwrite === true),
      ),
    );
  files
    .command('get')
    .description('download a file, up to 10 MB (needs view:instances)')
    .argument('<instance>', 'the instance, by id or name')
    .argument('<path>', 'the file, absolute or relative to /mnt/extra-addons')
    .argument('[local]', 'where to save it (its own name here by default; - prints it)')
    .action(withSession(io, (session, _options, [ref, path, local]) => get(session, ref ?? '', path ?? '', local)));
}
