import type { Backup, Restore } from '@ocore/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getToken } from '../../../lib/auth';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { useLiveSubscription, type LiveStatus } from '../../../lib/use-live-subscription';

/** The instance's backups with its backup health, refreshed live as backups change. */
export function useInstanceBackups(instanceId: string): {
  list: ReturnType<typeof useBackupList>;
  status: LiveStatus;
} {
  const client = useTRPCClient();
  const list = useBackupList(instanceId);
  const refresh = useInvalidateBackups(instanceId);
  const status = useLiveSubscription(
    true,
    (callbacks) => client.backups.onBackup.subscribe({ instanceId }, { ...callbacks, onData: refresh }),
    refresh,
    [client, instanceId],
  );
  return { list, status };
}

function useBackupList(instanceId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.backups.list.queryOptions({ id: instanceId }));
}

/** The instance's latest restores (in place, into it as a new instance, drills), kept fresh by `useInstanceBackups`. */
export function useInstanceRestores(instanceId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.backups.instanceRestores.queryOptions({ id: instanceId }));
}

/** The instance's schedule (null when it has none). */
export function useBackupSchedule(instanceId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.backups.getSchedule.queryOptions({ id: instanceId }));
}

/** The organization's destinations, when the user may see them (view:servers). */
export function useDestinations(enabled = true) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.backupDestinations.list.queryOptions(), enabled, retry: false });
}

/** Invalidates the instance's backups, restores and schedule (a mutation settled, or live news). */
function useInvalidateBackups(instanceId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.backups.list.queryKey({ id: instanceId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.backups.getSchedule.queryKey({ id: instanceId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.backups.instanceRestores.queryKey({ id: instanceId }) });
  };
}

export function useCreateBackup(instanceId: string) {
  const trpc = useTRPC();
  return useMutation(trpc.backups.create.mutationOptions({ onSettled: useInvalidateBackups(instanceId) }));
}

export function useDeleteBackup(instanceId: string) {
  const trpc = useTRPC();
  return useMutation(trpc.backups.delete.mutationOptions({ onSettled: useInvalidateBackups(instanceId) }));
}

export function useRestoreBackup(instanceId: string) {
  const trpc = useTRPC();
  return useMutation(trpc.backups.restore.mutationOptions({ onSettled: useInvalidateBackups(instanceId) }));
}

export function usePutSchedule(instanceId: string) {
  const trpc = useTRPC();
  return useMutation(trpc.backups.putSchedule.mutationOptions({ onSettled: useInvalidateBackups(instanceId) }));
}

/**
 * Downloads a completed backup: the server streams it; the browser keeps it as a file. A bearer
 * token cannot ride on a plain link, so the bytes come through fetch.
 */
export async function downloadBackup(id: string): Promise<void> {
  const res = await fetch(`/api/backups/${encodeURIComponent(id)}/download`, {
    headers: { Authorization: `Bearer ${getToken() ?? ''}` },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `the download was refused (${res.status})`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `backup-${id}.zip`;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A refusal of the import route, with the field it names (`version`, `file`, `destinationId`, `status`). */
export class ImportRefusal extends Error {
  override readonly name = 'ImportRefusal';
  constructor(
    message: string,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

export interface ImportProgress {
  sent: number;
  total: number;
}

export interface ImportBackupRequest {
  file: File;
  destinationId?: string | undefined;
  onProgress: (progress: ImportProgress) => void;
}

/**
 * Uploads a backup file to `POST /api/instances/{id}/import` as the request's body, streamed by
 * the browser; XMLHttpRequest, as fetch tells nothing of an upload's progress. Answers the kept
 * backup and the queued in-place restore; a refusal names its field.
 */
export function uploadBackupImport(
  instanceId: string,
  { file, destinationId, onProgress }: ImportBackupRequest,
): Promise<{ backup: Backup; restore: Restore }> {
  const query = destinationId ? `?destinationId=${encodeURIComponent(destinationId)}` : '';
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/instances/${encodeURIComponent(instanceId)}/import${query}`);
    xhr.setRequestHeader('Authorization', `Bearer ${getToken() ?? ''}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (event) =>
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onerror = () => reject(new Error('Could not reach the server. Check your connection and try again.'));
    xhr.onload = () => {
      let body: { message?: string; field?: string; backup?: Backup; restore?: Restore } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // An answer that is no JSON (a proxy's page): the status says enough.
      }
      if (xhr.status === 202 && body.backup && body.restore) resolve({ backup: body.backup, restore: body.restore });
      else {
        const field = body.field ?? /^(\w+): /.exec(body.message ?? '')?.[1];
        const message = body.message ?? `the import was refused (${xhr.status})`;
        reject(new ImportRefusal(field ? message.replace(`${field}: `, '') : message, field));
      }
    };
    xhr.send(file);
  });
}

/** Imports a backup file into the instance (restored in place once its version matched). */
export function useImportBackup(instanceId: string) {
  return useMutation({
    mutationFn: (request: ImportBackupRequest) => uploadBackupImport(instanceId, request),
    onSettled: useInvalidateBackups(instanceId),
  });
}
