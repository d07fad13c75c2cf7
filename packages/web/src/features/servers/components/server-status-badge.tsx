import type { Server, ServerStatus } from '@ocore/core';
import { Badge, type BadgeTone } from '../../../components/badge';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';

const tones: Record<ServerStatus, BadgeTone> = {
  pending: 'neutral',
  active: 'success',
  unreachable: 'danger',
  maintenance: 'warning',
};

const explanations: Record<ServerStatus, string> = {
  pending:
    'Not checked yet (new, or back from maintenance): the next check logs in over SSH and asks its Docker engine.',
  active: 'Its last check logged in over SSH and its Docker engine answered.',
  unreachable: 'Its last check could not log in over SSH or reach its Docker engine.',
  maintenance: 'Set aside by hand: nothing new is placed on it.',
};

type StatusFields = Pick<Server, 'status' | 'lastProbeError' | 'lastCheckedAt'>;

/** When the server was last checked, in words ("Last checked 3 minutes ago", "Never checked"). */
export function ServerCheckedAt({ server }: { server: Pick<Server, 'lastCheckedAt'> }) {
  const ticked = useNow();
  const at = server.lastCheckedAt;
  if (!at) return <span className="field-hint">Never checked</span>;
  // A check that ran since the last tick happened now, not in the future.
  const now = Math.max(ticked, Date.parse(at));
  return (
    <span className="field-hint">
      Last checked{' '}
      <time dateTime={at} title={formatDateTime(at)}>
        {formatRelative(at, now)}
      </time>
    </span>
  );
}

/** The server's status, with why it is unreachable in text beside the badge, and when it was last checked. */
export function ServerStatusBadge({ server }: { server: StatusFields }) {
  return (
    <span className="server-status" data-status={server.status}>
      <Badge tone={tones[server.status]} title={server.lastProbeError ?? explanations[server.status]}>
        {server.status}
      </Badge>
      {server.lastProbeError ? <span className="field-hint break-word">{server.lastProbeError}</span> : null}
      <ServerCheckedAt server={server} />
    </span>
  );
}
