import type { BackupSource } from './backup.ports.js';
import type { BackupFormat } from './backup.schema.js';

/** What a backup holds, read from its zip's directory and manifest.json (no dump or file content is read). */
export interface BackupContents {
  /** Odoo's zip (dump.sql) or the dump variant (dump.dump and filestore.tar). */
  format: BackupFormat;
  manifest: Record<string, unknown>;
  /** The filestore's files, relative to `filestore/`, with their sizes. */
  files: { path: string; sizeBytes: number }[];
}

/** Reads a backup's manifest and list of files. Throws with the reason when it is no Odoo backup. */
export interface BackupInspector {
  inspect(source: BackupSource): Promise<BackupContents>;
}

/**
 * The Odoo series a backup was made with ("17.0"), from its manifest: `version_info`'s first
 * two numbers, else the first `N.N` of `major_version` or `version` (Odoo.sh and Odoo Online
 * write "17.0+e", "saas~17.2"). Undefined when the manifest names none.
 */
export function manifestVersion(manifest: Record<string, unknown>): string | undefined {
  const info = manifest['version_info'];
  if (Array.isArray(info) && typeof info[0] === 'number' && typeof info[1] === 'number') return `${info[0]}.${info[1]}`;
  for (const key of ['major_version', 'version']) {
    const value = manifest[key];
    const match = typeof value === 'string' ? /(\d+)\.(\d+)/.exec(value) : null;
    if (match) return `${match[1]}.${match[2]}`;
  }
  return undefined;
}

/** Why a backup cannot go into an instance of `instanceVersion`, or undefined when it can. */
export function versionMismatch(manifest: Record<string, unknown>, instanceVersion: string): string | undefined {
  const version = manifestVersion(manifest);
  if (!version) return 'the backup’s manifest.json names no Odoo version';
  const wanted = /(\d+)\.(\d+)/.exec(instanceVersion);
  const instance = wanted ? `${wanted[1]}.${wanted[2]}` : instanceVersion;
  if (version === instance) return undefined;
  return `the backup is of Odoo ${version} and the instance runs Odoo ${instance}; restore it into an instance of Odoo ${version} (or upgrade the database first)`;
}

/**
 * How the files found in a restored filestore differ from the backup's: missing, unexpected,
 * or of another size (at most five of each named). Undefined when they match.
 */
export function filestoreDifferences(
  expected: BackupContents['files'],
  found: BackupContents['files'],
): string | undefined {
  const sizes = new Map(found.map((f) => [f.path, f.sizeBytes]));
  const wanted = new Set(expected.map((f) => f.path));
  const missing = expected.filter((f) => !sizes.has(f.path)).map((f) => f.path);
  const resized = expected
    .filter((f) => sizes.has(f.path) && sizes.get(f.path) !== f.sizeBytes)
    .map((f) => `${f.path} (${sizes.get(f.path)} bytes, ${f.sizeBytes} in the backup)`);
  const extra = found.filter((f) => !wanted.has(f.path)).map((f) => f.path);
  const parts = [
    missing.length ? `${missing.length} missing: ${missing.slice(0, 5).join(', ')}` : '',
    resized.length ? `${resized.length} of another size: ${resized.slice(0, 5).join(', ')}` : '',
    extra.length ? `${extra.length} not in the backup: ${extra.slice(0, 5).join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? `the restored filestore differs from the backup: ${parts.join('; ')}` : undefined;
}

/** Parses `find -printf '%P\t%s\n'` output into files. */
export function parseFileList(output: string): BackupContents['files'] {
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return { path: line.slice(0, tab), sizeBytes: Number(line.slice(tab + 1)) };
    });
}
