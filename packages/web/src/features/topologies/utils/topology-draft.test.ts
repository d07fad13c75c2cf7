import type { TopologyData } from '@ocore/core';
import { describe, expect, it } from 'vitest';
import {
  addEdge,
  addNode,
  edgeKey,
  edgeProblem,
  edgesOfNodes,
  isSameGraph,
  nodeIdProblem,
  removeEdge,
  removeNode,
  suggestNodeId,
  updateNode,
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
    expect(edgeProblem(graph, 'db', 'db')).toBe('node db cannot be connected to itself');
    expect(addEdge(graph, 'db', 'odoo-1')).toBe(graph);
    const withLb = addEdge(addNode(graph, { id: 'lb', kind: 'load-balancer', serverId }), 'lb', 'odoo-1');
    expect(withLb.edges.map(edgeKey)).toEqual(['odoo-1->db', 'lb->odoo-1']);
    expect(removeEdge(withLb, 'odoo-1->db').edges).toEqual([{ source: 'lb', target: 'odoo-1' }]);
    expect(edgeKey({ id: 'e1', source: 'a', target: 'b' })).toBe('e1');
  });

  it("refuses kinds that do not talk with core's rule, before the draft changes", () => {
    const two = addNode(graph, { id: 'odoo-2', kind: 'odoo', serverId });
    expect(edgeProblem(two, 'odoo-1', 'odoo-2')).toBe(
      'odoo-1 (odoo) and odoo-2 (odoo) cannot be connected: odoo nodes connect only to postgres, redis, load-balancer or filestore',
    );
    expect(addEdge(two, 'odoo-1', 'odoo-2')).toBe(two);
    expect(edgeProblem(two, 'odoo-1', 'ghost')).toBe('ghost is not a node of this topology');
  });

  it('edits a node in place, keeping its id, kind and connections', () => {
    const other = '00000000-0000-4000-8000-000000000002';
    const withConfig = updateNode(graph, 'odoo-1', { serverId: other, config: { workers: 6 } });
    expect(withConfig.nodes[0]).toEqual({ id: 'odoo-1', kind: 'odoo', serverId: other, config: { workers: 6 } });
    expect(withConfig.edges).toEqual(graph.edges);
    expect(updateNode(withConfig, 'odoo-1', { serverId, config: undefined }).nodes[0]).toEqual(graph.nodes[0]);
    expect(edgesOfNodes(graph, ['db'])).toEqual(graph.edges);
    expect(edgesOfNodes(addNode(graph, { id: 'r', kind: 'redis', serverId }), ['r'])).toEqual([]);
  });

  it('tells a changed graph from an unchanged one', () => {
    expect(isSameGraph(graph, structuredClone(graph))).toBe(true);
    expect(isSameGraph(graph, removeEdge(graph, 'odoo-1->db'))).toBe(false);
  });
});
