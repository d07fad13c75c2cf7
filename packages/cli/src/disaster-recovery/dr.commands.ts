import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../shared/output.js';
import { withQuery, withSession, type Session } from '../shared/session.js';
import { checkExportTarget, readExportFile, writeExportFile } from './dr-file.js';
import { documentCounts, formatDrInfo, formatExport, formatImport } from './dr.format.js';

interface ExportOptions {
  out: string;
  force?: boolean;
}

interface ImportOptions {
  file: string;
  name?: string;
  slug?: string;
  previousMasterKey?: string;
}

async function exportOrg(session: Session, options: ExportOptions): Promise<void> {
  const force = options.force === true;
  await checkExportTarget(options.out, force);
  const document = await session.signedIn().dr.export.mutate();
  await writeExportFile(options.out, document, force);
  // The document itself is in the file; stdout gets what a script needs to track it.
  const summary = {
    file: resolve(options.out),
    exportedAt: document.exportedAt,
    source: document.source,
    counts: documentCounts(document),
    checksum: document.checksum,
  };
  session.print(summary, () => formatExport(document, options.out));
}

async function importOrg(session: Session, options: ImportOptions): Promise<void> {
  const document = await readExportFile(options.file);
  const result = await session.signedIn().dr.import.mutate({
    document,
    name: options.name,
    slug: options.slug,
    previousMasterKey: options.previousMasterKey,
  });
  session.print(result, () => formatImport(result));
}

/** `ocore org dr info|export|import`. */
export function registerDrCommands(org: Command, io: CliIo): void {
  const dr = org.command('dr').description('disaster recovery: export the organization configuration and restore it');

  dr.command('info')
    .description('what an export would contain, and the last export (needs manage:org_settings)')
    .action(withQuery(io, (api) => api.dr.info.query(), formatDrInfo));

  dr.command('export')
    .description('write the organization configuration to a file, readable by you only (needs manage:org_settings)')
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'overwrite the file if it exists')
    .action(withSession<ExportOptions>(io, exportOrg));

  dr.command('import')
    .description('restore an export into a new organization owned by you (needs manage:org_settings)')
    .requiredOption('--file <file>', 'an export written by `ocore org dr export`')
    .option('--name <name>', 'name of the new organization (default: the exported one)')
    .option('--slug <slug>', 'slug of the new organization (default: from the exported one)')
    .option(
      '--previous-master-key <key>',
      "the master key that sealed the export's secrets, when this server no longer holds it",
    )
    .action(withSession<ImportOptions>(io, importOrg));
}
