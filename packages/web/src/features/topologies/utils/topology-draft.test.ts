import type { TopologyData } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import {
  addEdge,
  addNode,
  edgeKey,
  edgeProblem,
  isSameGraph,
  nodeIdProblem,
  removeEdge,
  removeNode,
  suggestNodeId,
} from './topology-draft';

const serverId = '00000000-0000-4000-8000-000000000001';
const graph: TopologyData = {
  nodes: [
    { id: 'odoo-1', kind: 'odoo', serverId },
    { id: 'db', kind: 'postgres', serverId },
  ],
  edges: [{ source: 'odoo-1', target: 'db' }],
};

describe('topology draft', () => {
  it('suggests the first free id of a kind and refuses taken or malformed ones', () => {
    expect(suggestNodeId(graph, 'odoo')).toBe('odoo-2');
    expect(suggestNodeId(graph, 'redis')).toBe('redis-1');
    expect(nodeIdProblem(graph, 'odoo-1')).toBe('odoo-1 is already a node of this topology');
    expect(nodeIdProblem(graph, 'no spaces')).toMatch(/^must be/);
    expect(nodeIdProblem(graph, 'odoo-2')).toBeUndefined();
  });

  it('removes a node with the edges that touch it', () => {
    const grown = addNode(graph, { id: 'lb', kind: 'load-balancer', serverId });
    expect(removeNode(addEdge(grown, 'lb', 'odoo-1'), 'odoo-1')).toEqual({
      nodes: [graph.nodes[1], grown.nodes[2]],
      edges: [],
    });
  });

  it('connects two nodes once, either way round, and never a node to itself', () => {
    expect(edgeProblem(graph, 'db', 'odoo-1')).toBe('db and odoo-1 are connected already');
    expect(edgeProblem(graph, 'db', 'db')).toBe('a node cannot be connected to itself');
    expect(addEdge(graph, 'db', 'odoo-1')).toBe(graph);
    const withLb = addEdge(addNode(graph, { id: 'lb', kind: 'load-balancer', serverId }), 'lb', 'odoo-1');
    expect(withLb.edges.map(edgeKey)).toEqual(['odoo-1->db', 'lb->odoo-1']);
    expect(removeEdge(withLb, 'odoo-1->db').edges).toEqual([{ source: 'lb', target: 'odoo-1' }]);
    expect(edgeKey({ id: 'e1', source: 'a', target: 'b' })).toBe('e1');
  });

  it('tells a changed graph from an unchanged one', () => {
    expect(isSameGraph(graph, structuredClone(graph))).toBe(true);
    expect(isSameGraph(graph, removeEdge(graph, 'odoo-1->db'))).toBe(false);
  });
});
