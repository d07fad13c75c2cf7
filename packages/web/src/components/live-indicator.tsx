import type { LiveStatus } from '../lib/use-live-subscription';

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

export interface LiveIndicatorProps {
  status: LiveStatus;
  /** What the connection updates, read before the state when there are several, e.g. "Domain status". */
  topic?: string;
}

/** A dot and a word for the live connection's state. */
export function LiveIndicator({ status, topic }: LiveIndicatorProps) {
  return (
    <span className={`live live-${status}`} role="status" title={titles[status]} data-status={status}>
      <span className="live-dot" aria-hidden="true" />
      {topic ? <span className="visually-hidden">{topic}: </span> : null}
      <span className="live-label">{labels[status]}</span>
    </span>
  );
}
