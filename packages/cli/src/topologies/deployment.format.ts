import type { Deployment, DeploymentNode, NodeCheck, Topology } from '@ocore/core';
import { formatFields, formatTable, formatTime } from '../shared/output.js';

/** How wide the node and kind columns of the progress lines are, so they line up. */
export interface LineWidths {
  node: number;
  kind: number;
}

/** The widths that fit every node of `deployment`. */
export function lineWidths(deployment: Deployment): LineWidths {
  const widest = (values: string[]) => Math.max(0, ...values.map((v) => v.length));
  return {
    node: widest(deployment.nodes.map((n) => n.nodeId)),
    kind: widest(deployment.nodes.map((n) => n.kind)),
  };
}

/** `applying`, or `failed: <reason>` when there is one. */
function statusWithReason(node: { status: string; reason: string | null }): string {
  return node.reason ? `${node.status}: ${node.reason}` : node.status;
}

/** One progress line: `pg    postgres  failed: <reason>`. */
export function formatNodeLine(node: DeploymentNode, widths: LineWidths): string {
  return `${node.nodeId.padEnd(widths.node)}  ${node.kind.padEnd(widths.kind)}  ${statusWithReason(node)}`;
}

/** What `deploy` says once the server has queued the deployment. */
export function formatQueued(topology: Topology, deployment: Deployment): string {
  const order = deployment.nodes.map((n) => n.nodeId).join(', ');
  return `Deploying ${topology.name}: deployment ${deployment.id} queued, ${deployment.nodes.length} nodes in this order: ${order}.`;
}

/** The last line of a deployment that went through. */
export function formatSucceeded(topology: Topology, deployment: Deployment): string {
  return `Deployed ${topology.name}: ${deployment.nodes.length} of ${deployment.nodes.length} nodes healthy.`;
}

/** The newest deployment: its state, then each node with its server, status and reason. */
export function formatDeployment(deployment: Deployment, serverNames: ReadonlyMap<string, string>): string {
  const fields = formatFields([
    ['Deployment', deployment.id],
    ['Status', deployment.status],
    ['Error', deployment.error ?? '-'],
    ['Queued', formatTime(deployment.createdAt)],
    ['Started', formatTime(deployment.startedAt)],
    ['Finished', formatTime(deployment.finishedAt)],
  ]);
  const nodes = formatTable(deployment.nodes, [
    { header: 'node', value: (n) => n.nodeId },
    { header: 'kind', value: (n) => n.kind },
    { header: 'server', value: (n) => serverNames.get(n.serverId) ?? n.serverId },
    { header: 'status', value: (n) => n.status },
    { header: 'updated', value: (n) => formatTime(n.updatedAt) },
    { header: 'reason', value: (n) => n.reason ?? '-' },
  ]);
  return `${fields}\n\n${nodes}`;
}

/** What a new check of one node found: `lb  load-balancer  healthy  (checked …)`. */
export function formatNodeCheck(check: NodeCheck): string {
  return `${check.nodeId}  ${check.kind}  ${statusWithReason(check)}  (checked ${formatTime(check.checkedAt)})`;
}
