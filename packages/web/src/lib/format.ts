const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function formatWith(format: Intl.DateTimeFormat, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** A calendar date for an ISO timestamp, in the reader's locale. */
export function formatDate(iso: string): string {
  return formatWith(dateFormat, iso);
}

/** A date and time of day for an ISO timestamp, in the reader's locale. */
export function formatDateTime(iso: string): string {
  return formatWith(dateTimeFormat, iso);
}

/** The time of day of an ISO timestamp, in the reader's locale. */
export function formatTime(iso: string): string {
  return formatWith(timeFormat, iso);
}

/** A size in bytes as B, kB or MB (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
