import type { TopologyEdge } from '@ocore/core';
import {
  Background,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useNodesState,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type NodeTypes,
} from '@xyflow/react';
import { useEffect, useRef } from 'react';
import '@xyflow/react/dist/style.css';
import './topology-editor.css';
import { kindInfo } from '../utils/node-kinds';
import { layoutPositions, type NodeView } from '../utils/node-views';
import { edgeKey } from '../utils/topology-draft';
import { TopologyNodeCard, type TopologyFlowNode } from './topology-node';

const nodeTypes: NodeTypes = { topology: TopologyNodeCard };

/**
 * What changes the graph's extent: nodes coming or going, or growing as problems and
 * failures show on them. Positions are left out, so nodes the user moves stay where they are.
 */
function extentKey(nodes: readonly TopologyFlowNode[]): string {
  return nodes.map((node) => `${node.id}:${Math.round(node.measured?.height ?? 0)}`).join(' ');
}

/**
 * Fit-view never zooms out below 0.75, where node text and handles are still readable and
 * grabbable; a wider graph is panned (or zoomed out by hand) instead.
 */
const fitViewOptions = { padding: 0.15, maxZoom: 1, minZoom: 0.75 };

/** Keeps every node in view when the graph's extent or the room for it changes. */
function FitOnChange({ extent }: { extent: string }) {
  const { fitView } = useReactFlow();
  const initialized = useNodesInitialized();
  const width = useStore((state) => state.width);
  useEffect(() => {
    if (initialized) void fitView(fitViewOptions);
  }, [initialized, extent, width, fitView]);
  return null;
}

/** Nodes the user dragged stay where they were put; the others follow the layout by kind. */
function syncNodes(
  current: readonly TopologyFlowNode[],
  views: readonly NodeView[],
  dragged: ReadonlySet<string>,
): TopologyFlowNode[] {
  const drawn = new Map(current.map((node) => [node.id, node]));
  const layout = layoutPositions(views);
  return views.map((view) => {
    const node = drawn.get(view.id);
    const ariaLabel = `${kindInfo(view.kind).label} node ${view.id}`;
    const position = (node && dragged.has(view.id) ? node.position : layout.get(view.id)) ?? { x: 0, y: 0 };
    return { ...node, id: view.id, type: 'topology', ariaLabel, position, data: { view } };
  });
}

/** Edges mean "talks to" either way; drawn from the upper row down, they do not cross their nodes. */
function flowEdgesOf(edges: readonly TopologyEdge[], views: readonly NodeView[]): Edge[] {
  const layers = new Map(views.map((v) => [v.id, kindInfo(v.kind).layer]));
  return edges.map((edge) => {
    const downward = (layers.get(edge.source) ?? 0) <= (layers.get(edge.target) ?? 0);
    const [source, target] = downward ? [edge.source, edge.target] : [edge.target, edge.source];
    return { id: edgeKey(edge), source, target, ariaLabel: `Connection ${edge.source} to ${edge.target}` };
  });
}

export interface TopologyGraphProps {
  views: readonly NodeView[];
  edges: readonly TopologyEdge[];
  canEdit: boolean;
  onConnect: (source: string, target: string) => void;
  /** Whether two nodes may be joined (core's rule): a drag to any other is not accepted. */
  canConnect: (source: string, target: string) => boolean;
  /** Delete on selected nodes asks this; the graph changes only when the draft does. */
  onDeleteNodes: (ids: string[]) => void;
}

/** The topology drawn as a graph; with `canEdit`, nodes are joined by dragging between their handles. */
export function TopologyGraph({ views, edges, canEdit, onConnect, canConnect, onDeleteNodes }: TopologyGraphProps) {
  const [nodes, setNodes, onNodesChange] = useNodesState<TopologyFlowNode>([]);
  const dragged = useRef(new Set<string>());
  useEffect(() => setNodes((current) => syncNodes(current, views, dragged.current)), [views, setNodes]);

  return (
    <div className="topology-graph" role="figure" aria-label="Topology graph">
      <ReactFlow
        nodes={nodes}
        edges={flowEdgesOf(edges, views)}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={(_event, _node, moved) => moved.forEach((node) => dragged.current.add(node.id))}
        onConnect={(connection: Connection) => onConnect(connection.source, connection.target)}
        isValidConnection={(connection) => canConnect(connection.source, connection.target)}
        onBeforeDelete={({ nodes: deleted }) => {
          if (deleted.length) onDeleteNodes(deleted.map((node) => node.id));
          return Promise.resolve(false);
        }}
        nodesConnectable={canEdit}
        deleteKeyCode={canEdit ? ['Backspace', 'Delete'] : null}
        minZoom={0.3}
        fitView
        fitViewOptions={fitViewOptions}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <FitOnChange extent={extentKey(nodes)} />
      </ReactFlow>
    </div>
  );
}
