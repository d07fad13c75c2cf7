import type { Readable } from 'node:stream';
import { RuntimeError, runtimeNames, sharedPostgres, type ContainerRuntime, type InstanceRecord } from '@ocore/core';
import { extract } from 'tar-stream';
import type { Entry, ZipFile } from 'yauzl';
import { dumpEntries } from './odoo-dump.writer.js';
import { openEntry, putFilestore, type RestoredFile } from './odoo-zip.reader.js';

/** The entry, or a failure naming it. */
function entryOf(entries: Entry[], name: string): Entry {
  const entry = entries.find((e) => e.fileName === name);
  if (!entry) throw new RuntimeError('read the backup', `it has no ${name}: not an oCore dump backup`);
  return entry;
}

/** Loads dump.dump into `database` with pg_restore as the instance's role, stopping at the first error. */
async function restoreDump(dump: Readable, runtime: ContainerRuntime, owner: string, database: string) {
  const result = await runtime.exec(sharedPostgres.container, {
    command: [
      'pg_restore',
      '--no-owner',
      '--no-privileges',
      `--role=${owner}`,
      '--exit-on-error',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      database,
    ],
    stdin: dump as AsyncIterable<Uint8Array>,
  });
  if (result.exitCode !== 0)
    throw new RuntimeError(
      'load dump.dump',
      result.stderr.trim().split('\n').slice(-3).join(' ') || `pg_restore exit code ${result.exitCode}`,
    );
}

/** The files of a tar, one at a time as it streams by (directories and links skipped). */
export async function* tarFiles(tar: Readable): AsyncIterable<RestoredFile> {
  if (tar.errored) throw tar.errored;
  const files = extract();
  tar.on('error', (err) => files.destroy(err));
  tar.pipe(files);
  for await (const entry of files) {
    const path = entry.header.name.replace(/^\.\//, '');
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    // A streamx stream: piped and resumed like a Node one.
    yield { path, sizeBytes: entry.header.size, content: entry as unknown as Readable };
  }
}

/**
 * Loads the `dump` variant (its zip's entries listed): dump.dump with pg_restore into
 * `database` (existing, empty), then filestore.tar into the filestore directory.
 */
export async function loadOdooDump(
  zip: ZipFile,
  entries: Entry[],
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  target: { database: string; filestoreDir: string },
): Promise<void> {
  const names = runtimeNames(instance);
  const dump = entryOf(entries, dumpEntries.dump);
  const filestore = entries.find((e) => e.fileName === dumpEntries.filestore);
  await restoreDump(await openEntry(zip, dump), runtime, names.database, target.database);
  const tar = filestore ? tarFiles(await openEntry(zip, filestore)) : (async function* () {})();
  await putFilestore(runtime, names.container, target.filestoreDir, tar);
}
