import { Button } from '../../../components/button';
import type { TopologyEditorState } from '../api/use-topology-editor';

export interface EditorActionsProps {
  editor: TopologyEditorState;
  canEdit: boolean;
  /** A deployment is queued or running: another is refused until it ends. */
  busy: boolean;
}

/** Save, Validate and Deploy; checks run on the saved topology, so they wait for a save. */
export function EditorActions({ editor, canEdit, busy }: EditorActionsProps) {
  return (
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
      <Button
        variant="secondary"
        disabled={editor.dirty}
        pending={editor.validating}
        pendingLabel="Validating…"
        onClick={editor.validate}
      >
        Validate
      </Button>
      {canEdit ? (
        <Button
          disabled={editor.dirty || busy}
          pending={editor.deploying}
          pendingLabel="Starting…"
          onClick={editor.deploy}
        >
          Deploy
        </Button>
      ) : null}
    </div>
  );
}
