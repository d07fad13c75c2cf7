import type { NodeKind, TopologyData, TopologyEdge, TopologyNode } from '@ocore/core';
// The rules module alone: it imports only types, so no zod comes into the bundle with it.
import { connectionProblem } from '@ocore/core/topology-rules';

/** topologyNodeSchema's rule for node ids (core's schema would bring zod into the bundle). */
const nodeIdPattern = /^[A-Za-z0-9_.-]{1,64}$/;

/** The first free id of the form `kind-n`. */
export function suggestNodeId(data: TopologyData, kind: NodeKind): string {
  const taken = new Set(data.nodes.map((n) => n.id));
  let n = 1;
  while (taken.has(`${kind}-${n}`)) n++;
  return `${kind}-${n}`;
}

/** Why `id` cannot name a new node, or undefined when it can. */
export function nodeIdProblem(data: TopologyData, id: string): string | undefined {
  if (!nodeIdPattern.test(id)) return 'must be 1-64 letters, digits, _ . or -';
  return data.nodes.some((n) => n.id === id) ? `${id} is already a node of this topology` : undefined;
}

export function addNode(data: TopologyData, node: TopologyNode): TopologyData {
  return { ...data, nodes: [...data.nodes, node] };
}

/**
 * The graph with one node's server and config replaced; its id, kind and place among the
 * others stay, so its connections stay too.
 */
export function updateNode(
  data: TopologyData,
  nodeId: string,
  change: Pick<TopologyNode, 'serverId' | 'config'>,
): TopologyData {
  return {
    ...data,
    nodes: data.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const { config: _old, ...rest } = n;
      return { ...rest, serverId: change.serverId, ...(change.config ? { config: change.config } : {}) };
    }),
  };
}

/** The edges that touch any of `nodeIds`: what goes with them when they are removed. */
export function edgesOfNodes(data: TopologyData, nodeIds: readonly string[]): TopologyEdge[] {
  return data.edges.filter((e) => nodeIds.includes(e.source) || nodeIds.includes(e.target));
}

/** The graph without the node and the edges that touch it. */
export function removeNode(data: TopologyData, nodeId: string): TopologyData {
  return {
    nodes: data.nodes.filter((n) => n.id !== nodeId),
    edges: data.edges.filter((e) => e.source !== nodeId && e.target !== nodeId),
  };
}

/** An edge's identity: its id when it has one, else its two ends. */
export function edgeKey(edge: TopologyEdge): string {
  return edge.id ?? `${edge.source}->${edge.target}`;
}

/** Connections work both ways, so a → b and b → a are the same edge. */
function joins(edge: TopologyEdge, a: string, b: string): boolean {
  return (edge.source === a && edge.target === b) || (edge.source === b && edge.target === a);
}

/**
 * Why `source` and `target` cannot be connected, or undefined when they can: core's rule of
 * which kinds talk (the one validation applies), then an edge that exists already.
 */
export function edgeProblem(data: TopologyData, source: string, target: string): string | undefined {
  const [a, b] = [data.nodes.find((n) => n.id === source), data.nodes.find((n) => n.id === target)];
  if (!a || !b) return `${a ? target : source} is not a node of this topology`;
  const problem = connectionProblem(a, b);
  if (problem) return problem;
  return data.edges.some((e) => joins(e, source, target)) ? `${source} and ${target} are connected already` : undefined;
}

export function addEdge(data: TopologyData, source: string, target: string): TopologyData {
  return edgeProblem(data, source, target) ? data : { ...data, edges: [...data.edges, { source, target }] };
}

export function removeEdge(data: TopologyData, key: string): TopologyData {
  return { ...data, edges: data.edges.filter((e) => edgeKey(e) !== key) };
}

/** True when two graphs hold the same nodes and edges in the same order. */
export function isSameGraph(a: TopologyData, b: TopologyData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
