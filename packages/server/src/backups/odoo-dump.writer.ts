import { Readable } from 'node:stream';
import {
  RuntimeError,
  sharedPostgres,
  type ContainerRuntime,
  type InstanceRecord,
  type StoredObject,
} from '@ocore/core';
import { pack, type Pack } from 'tar-stream';
import type { ZipFile } from 'yazl';
import { addStream, eachFilestoreFile, readManifest, zipOutput } from './odoo-zip.writer.js';

/** The entries of the `dump` variant. */
export const dumpEntries = {
  manifest: 'manifest.json',
  /** pg_dump's custom format (compressed by pg_dump, stored as it is). */
  dump: 'dump.dump',
  /** The filestore's files, their paths relative to the database's filestore directory. */
  filestore: 'filestore.tar',
  /** The tar's files and sizes, so that a drill reads them without reading the tar. */
  index: 'filestore.json',
} as const;

/** pg_dump in its custom format (no owner) of the instance's database, run in the shared PostgreSQL. */
async function addCustomDump(zip: ZipFile, runtime: ContainerRuntime, database: string): Promise<void> {
  const dump = await runtime.execStream(sharedPostgres.container, {
    command: ['pg_dump', '--format=custom', '--no-owner', '-h', '127.0.0.1', '-U', 'postgres', database],
  });
  await addStream(zip, dump.stdout, dumpEntries.dump, { compress: false });
  const { exitCode, stderr } = await dump.done;
  if (exitCode !== 0) throw new RuntimeError('pg_dump', stderr.trim() || `exit code ${exitCode}`);
}

/** Writes one file into the tar, waiting until the tar took all of it. */
function packFile(tar: Pack, name: string, size: number, mtime: Date | undefined, content: AsyncIterable<Uint8Array>) {
  return new Promise<void>((resolve, reject) => {
    const sink = tar.entry({ name, size, mode: 0o644, ...(mtime ? { mtime } : {}) }, (err) =>
      err ? reject(err) : resolve(),
    );
    const source = Readable.from(content);
    source.on('error', reject).pipe(sink);
  });
}

/** The filestore as one tar entry (stored), and then its index; answers the files it holds. */
async function addFilestoreTar(
  zip: ZipFile,
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  database: string,
): Promise<void> {
  const tar = pack();
  const files: { path: string; sizeBytes: number }[] = [];
  const filling = (async () => {
    try {
      await eachFilestoreFile(runtime, instance, database, async (file) => {
        await packFile(tar, file.path, file.sizeBytes, file.mtime, file.content);
        files.push({ path: file.path, sizeBytes: file.sizeBytes });
      });
      tar.finalize();
    } catch (err) {
      tar.destroy(err as Error);
      throw err;
    }
  })();
  await Promise.all([
    filling,
    addStream(zip, tar as AsyncIterable<Uint8Array>, dumpEntries.filestore, { compress: false }),
  ]);
  zip.addBuffer(Buffer.from(JSON.stringify({ files })), dumpEntries.index);
}

/**
 * Writes a backup of the instance's database `database` in the `dump` variant: a zip of stored entries holding
 * manifest.json, dump.dump (custom-format pg_dump), filestore.tar and filestore.json. Streamed
 * like Odoo's zip; for large databases, restored with pg_restore and tar.
 */
export function writeOdooDump(
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  database: string,
): { stream: AsyncIterable<Uint8Array>; done: Promise<StoredObject> } {
  return zipOutput(async (zip) => {
    const manifest = await readManifest(runtime, instance, database);
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 4)), dumpEntries.manifest);
    await addCustomDump(zip, runtime, database);
    await addFilestoreTar(zip, runtime, instance, database);
  });
}
