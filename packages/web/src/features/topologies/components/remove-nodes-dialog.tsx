import type { TopologyData } from '@ocore/core';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { edgeKey, edgesOfNodes } from '../utils/topology-draft';

export interface RemoveNodesDialogProps {
  data: TopologyData;
  nodeIds: readonly string[];
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before nodes leave the draft, listing the connections that go with them. */
export function RemoveNodesDialog({ data, nodeIds, onConfirm, onCancel }: RemoveNodesDialogProps) {
  const edges = edgesOfNodes(data, nodeIds);
  const what = nodeIds.length === 1 ? (nodeIds[0] ?? '') : `${nodeIds.length} nodes (${nodeIds.join(', ')})`;
  return (
    <ConfirmDialog
      title={`Remove ${what}?`}
      confirmLabel="Remove"
      tone="danger"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {edges.length === 0 ? (
        <p>{nodeIds.length === 1 ? 'It has' : 'They have'} no connections.</p>
      ) : (
        <>
          <p>
            {edges.length === 1 ? 'This connection goes' : `These ${edges.length} connections go`} with{' '}
            {nodeIds.length === 1 ? 'it' : 'them'}:
          </p>
          <ul aria-label="Connections removed with it">
            {edges.map((edge) => (
              <li key={edgeKey(edge)}>
                <code>{edge.source}</code> — <code>{edge.target}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">Nothing is saved until you press Save.</p>
    </ConfirmDialog>
  );
}
