import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { cx } from '../../../lib/cx';
import { kindInfo } from '../utils/node-kinds';
import type { NodeView } from '../utils/node-views';
import { DeployStatusBadge } from './deploy-status-badge';

export type TopologyFlowNode = Node<{ view: NodeView }, 'topology'>;

function IssueList({
  label,
  tone,
  messages,
}: {
  label: string;
  tone: 'error' | 'warning';
  messages: readonly string[];
}) {
  if (messages.length === 0) return null;
  return (
    <ul className={`node-issues node-issues-${tone}`} aria-label={label}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/** A node drawn on the graph: kind, id and server, its problems, and its deployment status. */
export function TopologyNodeCard({ data: { view } }: NodeProps<TopologyFlowNode>) {
  const hasErrors = view.errors.length > 0 || view.status === 'failed';
  return (
    <div
      className={cx(
        'topology-node',
        `topology-node-${view.kind}`,
        hasErrors && 'has-errors',
        view.warnings.length > 0 && 'has-warnings',
      )}
      data-node-id={view.id}
      data-status={view.status ?? undefined}
    >
      <Handle type="target" position={Position.Top} />
      <div className="topology-node-head">
        <span className="topology-node-kind">{kindInfo(view.kind).label}</span>
        {view.status ? <DeployStatusBadge status={view.status} /> : null}
      </div>
      <strong className="topology-node-id">{view.id}</strong>
      <span className="topology-node-server">
        on {view.serverName}
        {view.setting ? ` · ${view.setting}` : null}
      </span>
      {view.status === 'failed' && view.reason ? (
        <p className="topology-node-reason" title={view.reason}>
          {view.reason}
        </p>
      ) : null}
      <IssueList label={`Errors of ${view.id}`} tone="error" messages={view.errors} />
      <IssueList label={`Warnings of ${view.id}`} tone="warning" messages={view.warnings} />
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
