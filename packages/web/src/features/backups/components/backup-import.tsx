import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { ConfirmButton } from '../../../components/confirm-button';
import { Field, SelectField } from '../../../components/field';
import { messageOf } from '../../../lib/errors';
import { ImportRefusal, useDestinations, useImportBackup, type ImportProgress } from '../api/use-backups';

function percentOf({ sent, total }: ImportProgress): number {
  return total ? Math.floor((sent / total) * 100) : 0;
}

/** The upload's progress; once all bytes are sent the server still reads and checks them. */
function UploadProgress({ progress }: { progress: ImportProgress }) {
  const percent = percentOf(progress);
  return (
    <div className="field" data-testid="import-progress">
      <progress value={progress.sent} max={progress.total || 1} aria-label="Upload progress" />
      <span role="status">
        {percent < 100 ? `Uploading… ${percent}%` : 'Uploaded; checking the backup and its Odoo version…'}
      </span>
    </div>
  );
}

/**
 * Import a backup made elsewhere (Odoo.sh, Odoo Online, on premise): the file is streamed to a
 * destination, its Odoo version checked against the instance's, then restored in place after a
 * safety backup. A refusal shows beside the field it is about.
 */
export function BackupImport({ instanceId }: { instanceId: string }) {
  const destinations = useDestinations();
  const upload = useImportBackup(instanceId);
  const [file, setFile] = useState<File | null>(null);
  const [destinationId, setDestinationId] = useState('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const refusal = upload.error instanceof ImportRefusal ? upload.error : undefined;
  const onDestination = refusal?.field === 'destinationId';
  const fileError = upload.error && !onDestination ? (refusal?.message ?? messageOf(upload.error)) : undefined;
  const start = () => {
    if (!file) return;
    setProgress({ sent: 0, total: file.size });
    upload.mutate({ file, destinationId: destinationId || undefined, onProgress: setProgress });
  };
  return (
    <form className="form-row" onSubmit={(event) => event.preventDefault()}>
      <Field
        label="Backup file"
        type="file"
        accept=".zip,.dump,application/zip"
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          upload.reset();
          setProgress(null);
        }}
        error={fileError}
        hint="An Odoo backup zip (dump.sql, filestore/, manifest.json), or oCore’s dump variant, of the instance’s Odoo version."
      />
      <SelectField
        label="Keep the upload at"
        value={destinationId}
        onChange={(e) => setDestinationId(e.target.value)}
        error={onDestination ? refusal.message : undefined}
      >
        <option value="">The organization’s default</option>
        {(destinations.data?.items ?? []).map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.kind})
          </option>
        ))}
      </SelectField>
      {file ? (
        <ConfirmButton
          label="Import a backup"
          question={`Replace the instance’s database and files with ${file.name}? A safety backup is taken first.`}
          confirmLabel="Import and restore"
          pending={upload.isPending}
          onConfirm={start}
        />
      ) : null}
      {progress && upload.isPending ? <UploadProgress progress={progress} /> : null}
      {upload.isSuccess ? (
        <Alert tone="success">Imported as backup {upload.data.backup.id}; the restore in place is queued.</Alert>
      ) : null}
    </form>
  );
}
