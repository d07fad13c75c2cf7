import type { Deployment, NodeKind, NodeStatus, TopologyData, TopologyNode } from '@ocore/core';
import { issuesOfNode, type IssueReport } from './issues';
import { kindInfo } from './node-kinds';

/** What a node of the graph shows: what it is, where it runs, its problems and its deployment. */
export interface NodeView {
  id: string;
  kind: NodeKind;
  serverName: string;
  /** Its setting when one is set: "4 workers", "port 5433". */
  setting: string | null;
  errors: string[];
  warnings: string[];
  status: NodeStatus | null;
  reason: string | null;
}

function settingOf(node: TopologyNode): string | null {
  const setting = kindInfo(node.kind).setting;
  const value = setting ? node.config?.[setting.key] : undefined;
  if (!setting || value === undefined) return null;
  return setting.key === 'workers' ? `${value} workers` : `port ${value}`;
}

/** Each node of the graph as the editor draws and lists it. */
export function nodeViewsOf(
  data: TopologyData,
  serverNames: ReadonlyMap<string, string>,
  report: IssueReport | null,
  deployment: Deployment | undefined,
): NodeView[] {
  const deployed = new Map(deployment?.nodes.map((n) => [n.nodeId, n]));
  return data.nodes.map((node) => {
    const progress = deployed.get(node.id);
    return {
      id: node.id,
      kind: node.kind,
      serverName: serverNames.get(node.serverId) ?? 'an unknown server',
      setting: settingOf(node),
      ...issuesOfNode(report, node.id),
      status: progress?.status ?? null,
      reason: progress?.reason ?? null,
    };
  });
}

const columnWidth = 230;
const rowHeight = 210;

/** Where a node is first drawn: its kind's row, side by side with the others of that row. */
export function layoutPositions(
  nodes: readonly { id: string; kind: NodeKind }[],
): Map<string, { x: number; y: number }> {
  const rows = new Map<number, string[]>();
  for (const node of nodes) {
    const layer = kindInfo(node.kind).layer;
    rows.set(layer, [...(rows.get(layer) ?? []), node.id]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  for (const [layer, ids] of rows) {
    ids.forEach((id, index) =>
      positions.set(id, { x: (index - (ids.length - 1) / 2) * columnWidth, y: layer * rowHeight }),
    );
  }
  return positions;
}
