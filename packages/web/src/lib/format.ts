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

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const minute = 60_000;
const hour = 60 * minute;

/** How far an ISO timestamp is from `now`, in words: "in 4 minutes", "2 hours ago", "just now". */
export function formatRelative(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now;
  const distance = Math.abs(diff);
  if (distance < 45_000) return diff > 0 ? 'in less than a minute' : 'just now';
  // Rounded the same way before and after now: 90 minutes ago is 2 hours ago, as 90 minutes ahead is in 2.
  const count = (size: number) => Math.sign(diff) * Math.round(distance / size);
  if (distance < 45 * minute) return relativeFormat.format(count(minute), 'minute');
  if (distance < 22 * hour) return relativeFormat.format(count(hour), 'hour');
  return relativeFormat.format(count(24 * hour), 'day');
}
