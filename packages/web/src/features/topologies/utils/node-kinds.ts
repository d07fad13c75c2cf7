import type { NodeKind } from '@ocore/core';

/** A node setting the deployment reads from the node's config. */
export interface NodeSetting {
  key: 'workers' | 'port';
  label: string;
  /** What the deployment uses when it is not set. */
  fallback: number;
}

export interface NodeKindInfo {
  label: string;
  /** The row of the graph it is drawn in: the door on top, data at the bottom. */
  layer: number;
  setting?: NodeSetting;
}

const port = (fallback: number): NodeSetting => ({ key: 'port', label: 'Port', fallback });

// A record, so a kind added to the schema does not compile until it is described here.
const kinds: Record<NodeKind, NodeKindInfo> = {
  odoo: { label: 'Odoo', layer: 1, setting: { key: 'workers', label: 'Workers', fallback: 2 } },
  postgres: { label: 'PostgreSQL', layer: 3, setting: port(5432) },
  'postgres-replica': { label: 'PostgreSQL replica', layer: 4, setting: port(5432) },
  redis: { label: 'Redis', layer: 2, setting: port(6379) },
  'load-balancer': { label: 'Load balancer', layer: 0, setting: { key: 'port', label: 'Listen port', fallback: 80 } },
  filestore: { label: 'Filestore', layer: 2 },
};

/** Every node kind, in the order the add-node form offers them. */
export const nodeKindList = Object.keys(kinds) as NodeKind[];

/** How a node kind is named, drawn and configured. */
export function kindInfo(kind: NodeKind): NodeKindInfo {
  return kinds[kind];
}
