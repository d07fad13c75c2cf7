import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import {
  RuntimeError,
  runtimeNames,
  sharedPostgres,
  type ContainerRuntime,
  type InstanceRecord,
  type StoredObject,
} from '@ocore/core';
import { extract } from 'tar-stream';
import { ZipFile } from 'yazl';

/** Where the instance's filestore is in its Odoo container (data_dir on the filestore volume). */
export const filestorePath = (database: string) => `/var/lib/odoo/filestore/${database}`;

/** Runs a query as the superuser in the instance's database; answers its rows, tab-separated. */
async function query(runtime: ContainerRuntime, database: string, sql: string): Promise<string[][]> {
  const result = await runtime.exec(sharedPostgres.container, {
    command: [
      'psql',
      '-X',
      '-At',
      '-F',
      '\t',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      database,
    ],
    stdin: sql,
  });
  if (result.exitCode !== 0) throw new RuntimeError('read the manifest', result.stderr.trim() || 'psql failed');
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
}

/** manifest.json as Odoo writes it: versions and the installed modules. */
export async function readManifest(
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  database: string,
): Promise<Record<string, unknown>> {
  const [[pgVersion] = []] = await query(runtime, database, 'SHOW server_version;');
  // A database Odoo has not initialized yet (it never answered) has no modules: its backup is
  // of what there is, an empty database, not a failure.
  const [[initialized] = []] = await query(runtime, database, "SELECT to_regclass('ir_module_module') IS NOT NULL;");
  const modules =
    initialized === 't'
      ? await query(
          runtime,
          database,
          "SELECT name, coalesce(latest_version, '') FROM ir_module_module WHERE state = 'installed' ORDER BY name;",
        )
      : [];
  const [major = '0', minor = '0'] = instance.odooVersion.split('.');
  return {
    odoo_dump: '1',
    db_name: database,
    version: instance.odooVersion,
    version_info: [Number(major), Number(minor), 0, 'final', 0, ''],
    major_version: instance.odooVersion,
    pg_version: pgVersion ?? '',
    modules: Object.fromEntries(modules.map(([name = '', version = '']) => [name, version])),
  };
}

/**
 * Adds a stream as an entry and waits until the zip has read all of it (entries go one at a
 * time); `compress: false` stores it as it is (what is compressed already).
 */
export async function addStream(
  zip: ZipFile,
  stream: AsyncIterable<Uint8Array>,
  name: string,
  options: { mtime?: Date; compress?: boolean } = {},
): Promise<void> {
  const readable = stream instanceof Readable ? stream : Readable.from(stream);
  const ended = once(readable, 'end');
  zip.addReadStream(readable, name, {
    ...(options.mtime ? { mtime: options.mtime } : {}),
    // zlib's fastest level: most of a dump's saving at a third of level 6's time on one core,
    // which otherwise set the backup's pace (pg_dump and the destination wait on it).
    compressionLevel: options.compress === false ? 0 : 1,
  });
  await ended;
}

/** pg_dump (plain SQL, no owner) of the instance's database, run in the shared PostgreSQL. */
async function addDump(zip: ZipFile, runtime: ContainerRuntime, database: string): Promise<void> {
  const dump = await runtime.execStream(sharedPostgres.container, {
    command: ['pg_dump', '--no-owner', '-h', '127.0.0.1', '-U', 'postgres', database],
  });
  await addStream(zip, dump.stdout, 'dump.sql');
  const { exitCode, stderr } = await dump.done;
  if (exitCode !== 0) throw new RuntimeError('pg_dump', stderr.trim() || `exit code ${exitCode}`);
}

/** A file of the filestore as it comes out of the container: its path under the filestore, and its bytes. */
export interface FilestoreFile {
  path: string;
  sizeBytes: number;
  mtime: Date | undefined;
  content: AsyncIterable<Uint8Array>;
}

/**
 * Hands each file of the instance's filestore (a tar out of its container) to `take`, one at a
 * time; an instance that never stored an attachment has none.
 */
export async function eachFilestoreFile(
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  database: string,
  take: (file: FilestoreFile) => Promise<void>,
): Promise<void> {
  const tar = extract();
  const source = Readable.from(runtime.getArchive(runtimeNames(instance).container, filestorePath(database)));
  source.on('error', (err) => tar.destroy(err));
  source.pipe(tar);
  try {
    for await (const entry of tar) {
      const path = entry.header.name.split('/').slice(1).join('/');
      if (entry.header.type === 'file' && path) {
        const { size, mtime } = entry.header;
        await take({ path, sizeBytes: size, mtime, content: entry as AsyncIterable<Uint8Array> });
      } else {
        entry.resume();
      }
    }
  } catch (err) {
    if (err instanceof RuntimeError && err.kind === 'not_found') return;
    throw err;
  }
}

/** The files of the database's filestore, as `filestore/…` entries. */
async function addFilestore(
  zip: ZipFile,
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  database: string,
): Promise<void> {
  await eachFilestoreFile(runtime, instance, database, (file) =>
    addStream(zip, file.content, `filestore/${file.path}`, file.mtime ? { mtime: file.mtime } : {}),
  );
}

/**
 * The zip's bytes as `fill` adds its entries, hashed as they go by: `done` settles with their
 * size and SHA-256 once the last was read, or fails with the step that failed.
 */
export function zipOutput(fill: (zip: ZipFile) => Promise<void>): {
  stream: AsyncIterable<Uint8Array>;
  done: Promise<StoredObject>;
} {
  const zip = new ZipFile();
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const out = new PassThrough();
  zip.outputStream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    sizeBytes += chunk.length;
  });
  zip.outputStream.pipe(out);
  const produced = (async () => {
    await fill(zip);
    zip.end();
    await once(zip.outputStream, 'end');
  })();
  const done = produced.then(
    () => ({ sizeBytes, sha256: hash.digest('hex') }),
    (err: unknown) => {
      out.destroy(err as Error);
      throw err;
    },
  );
  return { stream: out, done };
}

/**
 * Writes a backup of the instance's database `database` (its own, or another of its databases)
 * as Odoo's zip: manifest.json, dump.sql, filestore/. Streamed:
 * the zip's bytes are produced as they are read; `done` settles with their size and SHA-256
 * once the last was read, or fails with the step that failed.
 */
export function writeOdooZip(
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  database: string,
): { stream: AsyncIterable<Uint8Array>; done: Promise<StoredObject> } {
  return zipOutput(async (zip) => {
    const manifest = await readManifest(runtime, instance, database);
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 4)), 'manifest.json');
    await addDump(zip, runtime, database);
    await addFilestore(zip, runtime, instance, database);
  });
}
