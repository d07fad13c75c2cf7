import type { Server, ServerStatus } from '@ocore/core';
import { Badge, type BadgeTone } from '../../../components/badge';

const tones: Record<ServerStatus, BadgeTone> = { active: 'success', unreachable: 'danger', maintenance: 'warning' };

const explanations: Record<ServerStatus, string> = {
  active: 'Answered its last reachability probe.',
  unreachable: 'Did not answer its last reachability probe.',
  maintenance: 'Set aside by hand: nothing new is placed on it.',
};

/** The server's status, with why it is unreachable in text beside the badge. */
export function ServerStatusBadge({ server }: { server: Pick<Server, 'status' | 'lastProbeError'> }) {
  return (
    <span className="server-status">
      <Badge tone={tones[server.status]} title={server.lastProbeError ?? explanations[server.status]}>
        {server.status}
      </Badge>
      {server.status === 'unreachable' && server.lastProbeError ? (
        <span className="field-hint">{server.lastProbeError}</span>
      ) : null}
    </span>
  );
}
