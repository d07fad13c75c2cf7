import type { Deployment, DeploymentNode } from '@ocore/core';
import { Alert } from '../../../components/alert';
import { Loading } from '../../../components/layout';
import { Table, type Column } from '../../../components/table';
import { messageOf } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import type { LiveStatus } from '../../../lib/use-live-subscription';
import { LiveIndicator } from '../../../components/live-indicator';
import { kindInfo } from '../utils/node-kinds';
import { CheckNodeButton } from './check-node-button';
import { DeployStatusBadge } from './deploy-status-badge';

function timesOf(deployment: Deployment): string {
  const started = deployment.startedAt
    ? `started ${formatDateTime(deployment.startedAt)}`
    : `queued ${formatDateTime(deployment.createdAt)}`;
  return deployment.finishedAt ? `${started}, finished ${formatDateTime(deployment.finishedAt)}` : started;
}

function DeploymentNodes({
  deployment,
  serverNames,
  drawn,
}: {
  deployment: Deployment;
  serverNames: ReadonlyMap<string, string>;
  drawn: ReadonlySet<string>;
}) {
  const columns: Column<DeploymentNode>[] = [
    {
      header: 'Node',
      cell: (n) => (
        <span>
          <code>{n.nodeId}</code> {drawn.has(n.nodeId) ? null : <span className="muted">(from the HA settings)</span>}
        </span>
      ),
    },
    { header: 'Kind', cell: (n) => kindInfo(n.kind).label },
    { header: 'Server', cell: (n) => serverNames.get(n.serverId) ?? 'unknown' },
    {
      header: 'Status',
      stacked: true,
      cell: (n) => (
        <span className="deploy-node" data-node-id={n.nodeId} data-status={n.status}>
          <DeployStatusBadge status={n.status} />
          {n.reason ? <span className={n.status === 'failed' ? 'field-error' : 'field-hint'}> {n.reason}</span> : null}
        </span>
      ),
    },
    {
      header: 'Actions',
      align: 'end',
      cell: (n) => <CheckNodeButton topologyId={deployment.topologyId} nodeId={n.nodeId} />,
    },
  ];
  return <Table caption="Deployment progress" columns={columns} rows={deployment.nodes} rowKey={(n) => n.nodeId} />;
}

export interface DeployPanelProps {
  /** The latest deployment: null when there is none yet. */
  status: { data?: Deployment | null | undefined; error: unknown; isPending: boolean };
  live: LiveStatus;
  serverNames: ReadonlyMap<string, string>;
  drawn: ReadonlySet<string>;
}

/** The latest deployment, node by node, as it happens. */
export function DeployPanel({ status, live, serverNames, drawn }: DeployPanelProps) {
  const deployment = status.data;
  const body = () => {
    if (deployment) {
      return (
        <>
          <p className="deploy-summary" data-status={deployment.status}>
            Deployment <DeployStatusBadge status={deployment.status} />{' '}
            <span className="muted">{timesOf(deployment)}</span>
          </p>
          {deployment.error ? <Alert>{deployment.error}</Alert> : null}
          <DeploymentNodes deployment={deployment} serverNames={serverNames} drawn={drawn} />
        </>
      );
    }
    if (status.isPending) return <Loading what="the deployment" />;
    if (status.error) return <Alert>{messageOf(status.error)}</Alert>;
    return <p className="muted">Not deployed yet.</p>;
  };
  return (
    <div className="deploy-panel">
      <p className="section-live">
        Node progress shows here and on the graph as it happens.{' '}
        <LiveIndicator status={live} topic="Deployment progress" />
      </p>
      {body()}
    </div>
  );
}
