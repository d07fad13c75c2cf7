import type { LiveStatus } from '../api/use-org-events';

const labels: Record<LiveStatus, string> = {
  off: 'Offline',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

const titles: Record<LiveStatus, string> = {
  off: 'Live updates are off; reload to see changes by others.',
  connecting: 'Connecting to live updates.',
  live: 'Changes by other tabs and users appear as they happen.',
  reconnecting: 'The live connection dropped; reconnecting. Changes made meanwhile will be caught up.',
};

/** A dot and a word for the live connection's state. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span className={`live live-${status}`} role="status" title={titles[status]} data-status={status}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-label">{labels[status]}</span>
    </span>
  );
}
