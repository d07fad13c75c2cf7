import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { errorCodeOf, messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateFiles } from '../api/use-instance-files';

// CodeMirror and its languages are a chunk of their own, fetched when a file is first opened.
const CodeEditor = lazy(() => import('./code-editor').then((module) => ({ default: module.CodeEditor })));

export interface FileEditorPaneProps {
  instanceId: string;
  path: string;
  canManage: boolean;
}

/** One file open in the editor: saved with the version it was read at, so nobody's edit is lost. */
export function FileEditorPane({ instanceId, path, canManage }: FileEditorPaneProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateFiles(instanceId);
  const file = useQuery(trpc.instanceFiles.read.queryOptions({ id: instanceId, path }, { staleTime: Infinity }));
  const [text, setText] = useState<string | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const save = useMutation(
    trpc.instanceFiles.write.mutationOptions({
      onSuccess: async (saved) => {
        setVersion(saved.version);
        await invalidate();
      },
    }),
  );
  if (file.isPending) return <p role="status">Opening {path}…</p>;
  if (file.error) return <Alert>{messageOf(file.error)}</Alert>;
  const current = version ?? file.data.version;
  const dirty = text !== null && text !== file.data.content && !(save.isSuccess && save.variables.content === text);
  const conflict = errorCodeOf(save.error) === 'FILE_CHANGED';

  return (
    <div className="file-editor">
      <div className="file-editor-bar">
        <strong>{path}</strong>
        {dirty ? <span className="badge">unsaved</span> : null}
        {canManage ? (
          <Button
            size="sm"
            pending={save.isPending}
            pendingLabel="Saving…"
            disabled={text === null}
            onClick={() =>
              save.mutate({ id: instanceId, path, content: text ?? file.data.content, expectedVersion: current })
            }
          >
            Save
          </Button>
        ) : null}
      </div>
      {conflict ? (
        <Alert tone="warning">
          {messageOf(save.error)}{' '}
          <Button
            variant="secondary"
            size="sm"
            onClick={() =>
              void file.refetch().then(() => {
                setText(null);
                setVersion(null);
                save.reset();
              })
            }
          >
            Reload the file
          </Button>
        </Alert>
      ) : (
        <FormError message={save.error ? messageOf(save.error) : null} />
      )}
      {save.isSuccess && !dirty ? (
        <Alert tone="success">
          Saved.
          {save.data.managedKeys ? (
            <>
              {' '}
              A redeploy or update keeps the keys you add and rewrites the ones the control plane manages:{' '}
              <code className="break">{save.data.managedKeys.join(', ')}</code>.
            </>
          ) : null}
        </Alert>
      ) : null}
      <Suspense fallback={<p role="status">Loading the editor…</p>}>
        <CodeEditor
          docKey={`${path}@${file.data.version}`}
          initial={file.data.content}
          language={file.data.language}
          label={`Contents of ${path}`}
          readOnly={!canManage}
          onChange={setText}
        />
      </Suspense>
    </div>
  );
}
