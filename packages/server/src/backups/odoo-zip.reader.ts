import { Readable } from 'node:stream';
import {
  RuntimeError,
  filestoreRoot,
  runtimeNames,
  sharedPostgres,
  type BackupSource,
  type ContainerRuntime,
  type InstanceRecord,
} from '@ocore/core';
import { pack } from 'tar-stream';
import { fromRandomAccessReader, RandomAccessReader, type Entry, type ZipFile } from 'yauzl';

/** Reads the zip through ranges of the destination's object: its directory is at its end. */
class SourceReader extends RandomAccessReader {
  constructor(private readonly source: BackupSource) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    const source = this.source;
    return Readable.from(
      (async function* () {
        yield* await source.read(start, end);
      })(),
    );
  }
}

export function openZip(source: BackupSource): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    fromRandomAccessReader(
      new SourceReader(source),
      source.sizeBytes,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

/** Every entry of the zip's directory (names and sizes only; no content is read). */
export function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * The entry's bytes. Its range starts flowing at once: a failure to read it (bytes that do not
 * decrypt, a dropped connection) before anyone listens destroys it with the error (`errored`),
 * rather than going unhandled.
 */
export function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      stream.on('error', (failure) => {
        if (!stream.destroyed) stream.destroy(failure);
      });
      resolve(stream);
    });
  });
}

/** The instance's role owns what the dump creates (it was dumped without owners). */
async function* asOwner(owner: string, dump: Readable): AsyncIterable<Uint8Array> {
  yield Buffer.from(`SET ROLE ${owner};\n`);
  yield* dump;
}

/** Loads dump.sql into `database` with psql, stopping at the first error. */
async function loadDump(zip: ZipFile, entry: Entry, runtime: ContainerRuntime, owner: string, database: string) {
  const dump = await openEntry(zip, entry);
  const result = await runtime.exec(sharedPostgres.container, {
    command: [
      'psql',
      '-X',
      '-q',
      '-o',
      '/dev/null',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      database,
    ],
    stdin: asOwner(owner, dump),
  });
  if (result.exitCode !== 0)
    throw new RuntimeError('load dump.sql', result.stderr.trim().split('\n').slice(-3).join(' ') || 'psql failed');
}

/** The odoo user's uid and gid in the instance's container: the restored files are its. */
async function odooOwner(runtime: ContainerRuntime, container: string): Promise<{ uid: number; gid: number }> {
  const result = await runtime.exec(container, { user: 'odoo', command: ['/bin/sh', '-c', 'id -u; id -g'] });
  const [uid, gid] = result.stdout.trim().split('\n').map(Number);
  if (result.exitCode !== 0 || uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid))
    throw new RuntimeError('read the odoo user', result.stderr.trim() || 'id failed');
  return { uid, gid };
}

/** A file to put into the restored filestore: its path under the database's directory, and its bytes. */
export interface RestoredFile {
  path: string;
  sizeBytes: number;
  content: Readable;
}

/**
 * Streams the files as a tar into `directory` of the filestore root, owned by the container's
 * odoo user (the directories they are in made first).
 */
export async function putFilestore(
  runtime: ContainerRuntime,
  container: string,
  directory: string,
  files: AsyncIterable<RestoredFile>,
): Promise<void> {
  const owner = await odooOwner(runtime, container);
  const tar = pack();
  const writing = runtime.putArchive(container, filestoreRoot, tar as AsyncIterable<Uint8Array>);
  const made = new Set<string>();
  const dir = (name: string) =>
    new Promise<void>((resolve, reject) =>
      tar.entry({ name, type: 'directory', mode: 0o755, ...owner }, (err) => (err ? reject(err) : resolve())),
    );
  try {
    await dir(directory);
    for await (const file of files) {
      if (!file.path || file.path.endsWith('/') || file.path.split('/').includes('..')) {
        file.content.resume();
        continue;
      }
      const parts = file.path.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i += 1) {
        const path = `${directory}/${parts.slice(0, i).join('/')}`;
        if (!made.has(path)) await dir(path);
        made.add(path);
      }
      await new Promise<void>((resolve, reject) => {
        if (file.content.errored) return reject(file.content.errored);
        const sink = tar.entry(
          { name: `${directory}/${file.path}`, size: file.sizeBytes, mode: 0o644, ...owner },
          (err) => (err ? reject(err) : resolve()),
        );
        // pipe() re-emits a destination's error when no one else listens: the file's source
        // failing (bytes that do not decrypt) destroys the tar and its entry, uncaught without this.
        sink.on('error', reject);
        file.content.on('error', reject).pipe(sink);
      });
    }
    tar.finalize();
  } catch (err) {
    tar.destroy(err as Error);
    await writing.catch(() => undefined);
    throw err;
  }
  await writing;
}

/** The zip's filestore/ entries, opened one at a time. */
async function* zipFiles(zip: ZipFile, entries: Entry[]): AsyncIterable<RestoredFile> {
  for (const entry of entries) {
    const path = entry.fileName.slice('filestore/'.length);
    if (!path || entry.fileName.endsWith('/') || path.split('/').includes('..')) continue;
    yield { path, sizeBytes: entry.uncompressedSize, content: await openEntry(zip, entry) };
  }
}

/** Loads Odoo's zip (its entries listed) into the database `database` (existing, empty) and the filestore directory. */
export async function loadOdooZip(
  zip: ZipFile,
  entries: Entry[],
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  target: { database: string; filestoreDir: string },
): Promise<void> {
  const dump = entries.find((e) => e.fileName === 'dump.sql');
  if (!dump) throw new RuntimeError('read the backup', 'it has no dump.sql nor dump.dump: not an Odoo backup');
  const names = runtimeNames(instance);
  await loadDump(zip, dump, runtime, names.database, target.database);
  const files = entries.filter((e) => e.fileName.startsWith('filestore/'));
  await putFilestore(runtime, names.container, target.filestoreDir, zipFiles(zip, files));
}
