import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { downloadJson, exportFilename } from '../utils/download-json';

/** Exports the organization's configuration and saves it as a file. */
export function ExportButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const exportDocument = useMutation(
    trpc.dr.export.mutationOptions({
      onSuccess: async (document) => {
        downloadJson(document, exportFilename(document));
        await queryClient.invalidateQueries({ queryKey: trpc.dr.info.queryKey() });
      },
    }),
  );

  return (
    <div className="inline-check">
      <div className="form-actions">
        <Button pending={exportDocument.isPending} pendingLabel="Exporting…" onClick={() => exportDocument.mutate()}>
          Export
        </Button>
      </div>
      {exportDocument.isSuccess ? (
        <Alert tone="success">
          Saved {exportFilename(exportDocument.data)}. Keep it somewhere safe, away from this server.
        </Alert>
      ) : null}
      {exportDocument.isError ? <Alert>{messageOf(exportDocument.error)}</Alert> : null}
    </div>
  );
}
