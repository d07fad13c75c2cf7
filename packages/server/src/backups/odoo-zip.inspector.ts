import type { BackupContents, BackupInspector, BackupSource } from '@ocore/core';
import type { Entry, ZipFile } from 'yauzl';
import { listEntries, openEntry, openZip } from './odoo-zip.reader.js';
import { dumpEntries } from './odoo-dump.writer.js';
import { tarFiles } from './odoo-dump.reader.js';

/** The most manifest.json may weigh: Odoo's is a few kilobytes (its module list). */
const manifestLimit = 4 * 1024 * 1024;

async function readText(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream) {
    size += part.length;
    if (size > manifestLimit) throw new Error('manifest.json is larger than 4 MB: not an Odoo backup');
    parts.push(Buffer.from(part));
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The `dump` variant's files: from filestore.json, else (one made elsewhere) from the tar's headers. */
async function dumpFiles(zip: ZipFile, entries: Entry[]): Promise<BackupContents['files']> {
  const index = entries.find((e) => e.fileName === dumpEntries.index);
  if (index) {
    const parsed = JSON.parse(await readText(await openEntry(zip, index))) as { files?: BackupContents['files'] };
    if (!Array.isArray(parsed.files)) throw new Error('filestore.json lists no files');
    return parsed.files.map((f) => ({ path: String(f.path), sizeBytes: Number(f.sizeBytes) }));
  }
  const tar = entries.find((e) => e.fileName === dumpEntries.filestore);
  const files: BackupContents['files'] = [];
  if (!tar) return files;
  for await (const file of tarFiles(await openEntry(zip, tar))) {
    files.push({ path: file.path, sizeBytes: file.sizeBytes });
    file.content.resume();
  }
  return files;
}

/** The files of Odoo's zip: its filestore/ entries. */
const zipFiles = (entries: Entry[]): BackupContents['files'] =>
  entries
    .filter((e) => e.fileName.startsWith('filestore/') && !e.fileName.endsWith('/'))
    .map((e) => ({ path: e.fileName.slice('filestore/'.length), sizeBytes: e.uncompressedSize }));

/** Reads a backup's directory and manifest.json (Odoo's zip or the `dump` variant) through ranges of its object. */
export async function inspectOdooZip(source: BackupSource): Promise<BackupContents> {
  const zip = await openZip(source);
  try {
    const entries = await listEntries(zip);
    const manifestEntry = entries.find((e) => e.fileName === 'manifest.json');
    if (!manifestEntry) throw new Error('it has no manifest.json: not an Odoo backup zip');
    const format = entries.some((e) => e.fileName === dumpEntries.dump) ? 'dump' : 'zip';
    if (format === 'zip' && !entries.some((e) => e.fileName === 'dump.sql'))
      throw new Error('it has no dump.sql: not an Odoo backup zip');
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readText(await openEntry(zip, manifestEntry)));
    } catch (err) {
      throw new Error(`manifest.json is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
      throw new Error('manifest.json is not an object');
    const files = (format === 'dump' ? await dumpFiles(zip, entries) : zipFiles(entries)).filter(
      (f) => f.path && !f.path.split('/').includes('..'),
    );
    return { format, manifest: manifest as Record<string, unknown>, files };
  } finally {
    zip.close();
  }
}

/** Odoo's backup zip, inspected without reading its dump or files. */
export function createOdooZipInspector(): BackupInspector {
  return { inspect: inspectOdooZip };
}
