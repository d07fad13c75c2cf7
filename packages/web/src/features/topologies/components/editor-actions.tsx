import type { Topology } from '@ocore/core';
import { useState } from 'react';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import type { TopologyEditorState } from '../api/use-topology-editor';

export interface EditorActionsProps {
  topology: Topology;
  editor: TopologyEditorState;
  canEdit: boolean;
  /** A deployment is queued or running: another is refused until it ends. */
  busy: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a deploy will touch: the saved nodes, and the load balancer the HA settings add. */
function deploySummary(topology: Topology, nodeCount: number): string {
  const fromHa =
    topology.haConfig.lbServerId && !topology.topologyData.nodes.some((n) => n.kind === 'load-balancer')
      ? ', and the load balancer from the HA settings,'
      : '';
  return `Deploys its ${plural(nodeCount, 'node')}${fromHa} to their servers, one after the other. Running services on those servers are replaced.`;
}

/** Save, Validate and Deploy; Validate checks the draft as drawn, Deploy the saved topology after a confirmation. */
export function EditorActions({ topology, editor, canEdit, busy }: EditorActionsProps) {
  const [askingDeploy, setAskingDeploy] = useState(false);
  return (
    <div className="editor-actions">
      <div className="row-buttons">
        {canEdit ? (
          <>
            <Button variant="ghost" disabled={!editor.dirty || editor.saving} onClick={editor.discard}>
              Discard changes
            </Button>
            <Button disabled={!editor.dirty} pending={editor.saving} pendingLabel="Saving…" onClick={editor.save}>
              Save
            </Button>
          </>
        ) : null}
        <Button variant="secondary" pending={editor.validating} pendingLabel="Validating…" onClick={editor.validate}>
          Validate
        </Button>
        {canEdit ? (
          <Button
            disabled={editor.dirty || busy || askingDeploy}
            pending={editor.deploying}
            pendingLabel="Starting…"
            onClick={() => setAskingDeploy(true)}
          >
            Deploy
          </Button>
        ) : null}
      </div>
      {askingDeploy ? (
        <ConfirmDialog
          title={`Deploy ${topology.name}?`}
          confirmLabel="Start deployment"
          onConfirm={() => {
            setAskingDeploy(false);
            editor.deploy();
          }}
          onCancel={() => setAskingDeploy(false)}
        >
          <p>{deploySummary(topology, editor.data.nodes.length)}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
