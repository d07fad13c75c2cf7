import type { AuditEntryView } from '@ocore/core';
import { formatTable, formatTime, shorten } from '../shared/output.js';

const diffWidth = 60;

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
}

/** `field: from→to, other: value`, cut to fit a table column; --json has it all. */
export function summarizeDiff(diff: Record<string, unknown>): string {
  const text = Object.entries(diff)
    .map(([field, value]) => `${field}: ${isChange(value) ? `${show(value.from)}→${show(value.to)}` : show(value)}`)
    .join(', ');
  return shorten(text, diffWidth) || '-';
}

/** The entries as a table, newest first as the server sends them. */
export function formatAuditLog(items: readonly AuditEntryView[], nextCursor: string | null): string {
  if (items.length === 0) return 'No audit entries match.';
  const table = formatTable(items, [
    { header: 'time', value: (e) => formatTime(e.createdAt) },
    { header: 'actor', value: (e) => e.actorEmail ?? e.actorUserId ?? 'system' },
    { header: 'action', value: (e) => e.action },
    { header: 'target', value: (e) => (e.targetId ? `${e.targetType} ${e.targetId}` : e.targetType) },
    { header: 'diff', value: (e) => summarizeDiff(e.diff) },
  ]);
  return nextCursor ? `${table}\n\nMore entries: add --all, or --cursor ${nextCursor} for the next page.` : table;
}
