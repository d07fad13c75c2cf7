import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * A fresh PGlite data folder made once, at build time: a new installation copies it instead
 * of running initdb, which takes seconds and leaves a few hundred MB of memory behind in the
 * process. Kept both as a folder (copied for a data folder on disk) and as PGlite's own dump
 * (`dumpDataDir`, loaded for an in-memory database). Each is used only by the PGlite version
 * that made it; without one, PGlite runs initdb as before.
 */
const distDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
export const templateDir = join(distDir, 'pgdata-template');
export const templateDump = join(distDir, 'pgdata-template.tar.gz');
const stampFile = 'ocore-pglite-version';

/** The installed PGlite's version, as its package.json says. */
export function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function usable(): boolean {
  try {
    return readFileSync(join(templateDir, stampFile), 'utf8') === pgliteVersion() && existsSync(templateDump);
  } catch {
    return false;
  }
}

/** Fills an empty data folder from the template; false when there is no usable template. */
export function copyTemplateTo(dataDir: string): boolean {
  if (!usable()) return false;
  cpSync(templateDir, dataDir, { recursive: true, filter: (source) => !source.endsWith(stampFile) });
  return true;
}

/** The template as a dump for `PGlite.create({ loadDataDir })`; undefined when there is none. */
export function templateBlob(): Blob | undefined {
  return usable() ? new Blob([readFileSync(templateDump)]) : undefined;
}

/** Makes the template (the server's build runs this). */
export async function buildTemplate(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ocore-pgdata-'));
  try {
    const folder = join(work, 'pgdata');
    const pglite = await PGlite.create(folder);
    const dump = await pglite.dumpDataDir('gzip');
    await pglite.close();
    writeFileSync(templateDump, Buffer.from(await dump.arrayBuffer()));
    writeFileSync(join(folder, stampFile), pgliteVersion());
    rmSync(templateDir, { recursive: true, force: true });
    cpSync(folder, templateDir, { recursive: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
