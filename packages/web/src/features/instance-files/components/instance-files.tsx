import './instance-files.css';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useFileListing, useInvalidateFiles } from '../api/use-instance-files';
import { FileBrowser } from './file-browser';
import { FileEditorPane } from './file-editor-pane';

/** The file editor of one instance: its custom addons and odoo.conf, and the restart that applies odoo.conf. */
export function InstanceFiles({ instanceId, canManage }: { instanceId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const [folder, setFolder] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const roots = useFileListing(instanceId, null);
  const invalidate = useInvalidateFiles(instanceId);
  const restart = useMutation(trpc.instances.restart.mutationOptions({ onSuccess: async () => invalidate() }));

  return (
    <div className="instance-files">
      {roots.data?.restartRequired ? (
        <Alert tone="warning">
          odoo.conf changed since the instance started: restart it to apply the change.{' '}
          {canManage ? (
            <Button
              size="sm"
              pending={restart.isPending}
              pendingLabel="Restarting…"
              onClick={() => restart.mutate({ id: instanceId })}
            >
              Restart to apply
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {restart.isSuccess ? <Alert tone="info">The restart is under way.</Alert> : null}
      <FormError message={restart.error ? messageOf(restart.error) : null} />
      <div className="instance-files-panes">
        <FileBrowser
          instanceId={instanceId}
          canManage={canManage}
          folder={folder}
          onFolder={setFolder}
          onOpen={setOpen}
        />
        {open ? (
          <FileEditorPane key={open} instanceId={instanceId} path={open} canManage={canManage} />
        ) : (
          <p className="muted">Pick a file to open it.</p>
        )}
      </div>
    </div>
  );
}
