import type { BackupSource, ContainerRuntime, InstanceRecord, OdooArchiver } from '@ocore/core';
import { listEntries, loadOdooZip, openZip } from './odoo-zip.reader.js';
import { writeOdooZip } from './odoo-zip.writer.js';
import { dumpEntries, writeOdooDump } from './odoo-dump.writer.js';
import { loadOdooDump } from './odoo-dump.reader.js';

/**
 * Loads a backup into the database `database` (existing, empty) and the filestore directory:
 * Odoo's zip or the `dump` variant, told apart by their entries.
 */
async function readBackup(
  runtime: ContainerRuntime,
  instance: InstanceRecord,
  source: BackupSource,
  target: { database: string; filestoreDir: string },
): Promise<void> {
  const zip = await openZip(source);
  try {
    const entries = await listEntries(zip);
    const load = entries.some((e) => e.fileName === dumpEntries.dump) ? loadOdooDump : loadOdooZip;
    await load(zip, entries, runtime, instance, target);
  } finally {
    zip.close();
  }
}

/** Odoo's backup zip and the `dump` variant, written and read streaming through the server's container runtime. */
export function createOdooZipArchiver(): OdooArchiver {
  return {
    create: (runtime, instance, format, database) =>
      format === 'dump' ? writeOdooDump(runtime, instance, database) : writeOdooZip(runtime, instance, database),
    restore: readBackup,
  };
}
