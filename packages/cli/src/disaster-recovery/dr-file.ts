import { chmod, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { drDocumentSchema, type DrDocument } from '@ocore/core';
import { CliError, usageError } from '../shared/errors.js';
import { readJsonFile, reasonOf } from '../shared/json-file.js';

/**
 * Checks before anything is exported (an export is audited) that `path` can be written:
 * its folder exists, and the file does not unless `force`.
 */
export async function checkExportTarget(path: string, force: boolean): Promise<void> {
  const folder = await stat(dirname(path)).catch(() => undefined);
  if (!folder?.isDirectory()) throw usageError(`cannot write ${path}: the folder ${dirname(path)} does not exist`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw usageError(`cannot write ${path}: it is a folder`);
  if (existing && !force) throw usageError(`${path} already exists; pass --force to overwrite it`);
}

/**
 * Writes the document readable by the owner only: it holds member emails and sealed
 * secrets. A new file is created exclusively, so one appearing since the check is not
 * clobbered; with `force` it is written beside and renamed over the old one.
 */
export async function writeExportFile(path: string, document: DrDocument, force: boolean): Promise<void> {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  try {
    if (!force) {
      await writeFile(path, text, { mode: 0o600, flag: 'wx' });
      return;
    }
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw usageError(`${path} already exists; pass --force to overwrite it`);
    throw new CliError(`cannot write ${path}: ${reasonOf(error)}`);
  }
}

/** The export in `path`; a usage error when it cannot be read or is not an export. */
export function readExportFile(path: string): Promise<DrDocument> {
  return readJsonFile(path, drDocumentSchema, 'an oCore disaster-recovery export');
}
