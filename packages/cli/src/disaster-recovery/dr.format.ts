import type { DrDocument, DrImportResult } from '@ocore/core';
import { formatFields, formatOrgName, formatTable } from '../shared/output.js';

/** What `dr.info` answers. */
export interface DrInfo {
  counts: Record<string, number>;
  sizeEstimateBytes: number;
  lastExport: { at: string; userId: string; email: string | null; name: string | null } | null;
  format: string;
  version: number;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** `roles: 4, members: 2, secrets: 1`, in the order the server counts them. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([what, count]) => `${what}: ${count}`)
    .join(', ');
}

/** What an export would contain, and who exported last. */
export function formatDrInfo(info: DrInfo): string {
  const last = info.lastExport;
  const by = last ? (last.email ?? last.userId) : undefined;
  return formatFields([
    ['Format', `${info.format} v${info.version}`],
    ['Contents', formatCounts(info.counts)],
    ['Estimated size', formatSize(info.sizeEstimateBytes)],
    ['Last export', last ? `${last.at} by ${by}` : 'never'],
  ]);
}

/** The counts of an exported document's content. */
export function documentCounts(document: DrDocument): Record<string, number> {
  const { content } = document;
  const secrets = Object.values(content.settings.secrets).filter((v) => v !== null).length;
  return {
    roles: content.roles.length,
    members: content.members.length,
    secrets,
    ...(content.instances?.length ? { instances: content.instances.length } : {}),
    ...(content.clients?.length ? { clients: content.clients.length } : {}),
    ...(content.notifications?.channels.length ? { notificationChannels: content.notifications.channels.length } : {}),
  };
}

/** What was written where, with the checksum to compare copies by. */
export function formatExport(document: DrDocument, path: string): string {
  return [
    `Exported ${formatOrgName(document.content.organization)} to ${path} (${formatCounts(documentCounts(document))}).`,
    `Checksum: sha256:${document.checksum}`,
    'Secrets stay sealed under the master key of this server; keep the file private.',
  ].join('\n');
}

/** The new organization, what was restored, and who was left out. */
export function formatImport(result: DrImportResult): string {
  const { organization: org, restored } = result;
  const lines = [
    `Restored ${formatOrgName(org)} as a new organization, id ${org.id} (restored ${formatCounts(restored)}).`,
  ];
  if (result.skippedMembers.length > 0) {
    lines.push(`Skipped ${result.skippedMembers.length} member(s):`);
    lines.push(
      formatTable(result.skippedMembers, [
        { header: 'email', value: (m) => m.email },
        { header: 'reason', value: (m) => m.reason },
      ]),
    );
  }
  if (result.skipped.length > 0) {
    lines.push(`Not restored (${result.skipped.length}):`);
    lines.push(
      formatTable(result.skipped, [
        { header: 'item', value: (s) => s.item },
        { header: 'reason', value: (s) => s.reason },
      ]),
    );
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  lines.push(`Switch to it with: ocore org switch ${org.slug}`);
  return lines.join('\n');
}
