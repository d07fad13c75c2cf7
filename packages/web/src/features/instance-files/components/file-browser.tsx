import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmButton } from '../../../components/confirm-button';
import { messageOf } from '../../../lib/errors';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useFileListing, useInvalidateFiles } from '../api/use-instance-files';
import { breadcrumbOf, fileToBase64, saveBase64 } from '../utils/file-transfer';

export interface FileBrowserProps {
  instanceId: string;
  canManage: boolean;
  folder: string | null;
  onFolder: (path: string | null) => void;
  onOpen: (path: string) => void;
}

/** A folder of the instance's addons (or the two roots): open, create, upload, download, delete. */
export function FileBrowser({ instanceId, canManage, folder, onFolder, onOpen }: FileBrowserProps) {
  const trpc = useTRPC();
  const listing = useFileListing(instanceId, folder);
  const invalidate = useInvalidateFiles(instanceId);
  const [name, setName] = useState('');
  const done = { onSuccess: async () => invalidate() };
  const create = useMutation(trpc.instanceFiles.create.mutationOptions(done));
  const remove = useMutation(trpc.instanceFiles.delete.mutationOptions(done));
  const upload = useMutation(trpc.instanceFiles.upload.mutationOptions(done));
  const client = useTRPCClient();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const failure = create.error ?? remove.error ?? upload.error ?? listing.error ?? downloadError;
  const inFolder = (entry: string) => `${folder}/${entry}`;
  const downloadEntry = async (path: string) => {
    setDownloadError(null);
    try {
      const file = await client.instanceFiles.download.query({ id: instanceId, path });
      saveBase64(file.name, file.contentBase64);
    } catch (err) {
      setDownloadError(err);
    }
  };
  const uploadPicked = async (file: File) =>
    upload.mutate({
      id: instanceId,
      path: inFolder(file.name),
      contentBase64: await fileToBase64(file),
      overwrite: true,
    });

  return (
    <div className="file-browser">
      <nav aria-label="Folder" className="breadcrumb">
        {breadcrumbOf(folder).map((crumb) => (
          <Button key={crumb.path ?? 'top'} variant="ghost" size="sm" onClick={() => onFolder(crumb.path)}>
            {crumb.name}
          </Button>
        ))}
      </nav>
      <FormError message={failure ? messageOf(failure) : null} />
      <ul className="file-list" aria-label="Files">
        {(listing.data?.items ?? []).map((entry) => (
          <li key={entry.path}>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => (entry.type === 'directory' ? onFolder(entry.path) : onOpen(entry.path))}
            >
              {entry.type === 'directory' ? '📁 ' : ''}
              {entry.name}
            </Button>
            {entry.type === 'file' ? (
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Download ${entry.name}`}
                onClick={() => void downloadEntry(entry.path)}
              >
                Download
              </Button>
            ) : null}
            {canManage && folder !== null ? (
              <ConfirmButton
                label={`Delete ${entry.name}`}
                question={`Delete ${entry.name}${entry.type === 'directory' ? ' and everything in it' : ''}?`}
                confirmLabel="Delete"
                pending={remove.isPending}
                onConfirm={() => remove.mutate({ id: instanceId, path: entry.path })}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {canManage && folder !== null ? (
        <div className="file-actions">
          <label className="visually-hidden" htmlFor="new-file-name">
            New file or folder name
          </label>
          <input
            id="new-file-name"
            className="input"
            placeholder="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          {(['file', 'directory'] as const).map((type) => (
            <Button
              key={type}
              variant="secondary"
              size="sm"
              disabled={!name}
              onClick={() =>
                create.mutate({ id: instanceId, path: inFolder(name), type }, { onSuccess: () => setName('') })
              }
            >
              {type === 'file' ? 'New file' : 'New folder'}
            </Button>
          ))}
          <label className="btn btn-secondary btn-sm">
            Upload
            <input
              type="file"
              className="visually-hidden"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void uploadPicked(file);
              }}
            />
          </label>
        </div>
      ) : null}
    </div>
  );
}
