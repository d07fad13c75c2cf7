const maxLength = 160;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return isRecord(value) && Object.keys(value).length === 2 && 'from' in value && 'to' in value;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (isChange(value)) return `${show(value.from)} → ${show(value.to)}`;
  if (isRecord(value))
    return Object.entries(value)
      .map(([key, v]) => `${key}=${show(v)}`)
      .join(', ');
  return JSON.stringify(value);
}

function shorten(text: string): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

export interface DiffLine {
  field: string;
  summary: string;
}

/**
 * One short line per changed field of an audit entry: `from → to` for changes, `key=value`
 * lists for snapshots (`after`, `before`). Secrets appear only as "set"/"cleared" on the server.
 */
export function summarizeDiff(diff: Record<string, unknown>): DiffLine[] {
  return Object.entries(diff).map(([field, value]) => ({ field, summary: shorten(show(value)) }));
}
