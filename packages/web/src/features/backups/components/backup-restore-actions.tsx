import type { Backup } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { formatDateTime } from '../../../lib/format';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

/** When the backup was last proven restorable, or why its last drill failed. */
export function BackupVerifyStatus({ backup }: { backup: Backup }) {
  if (backup.verifyStatus === 'failed')
    return <span className="badge badge-danger">Drill failed: {backup.verifyReason}</span>;
  if (backup.verifiedAt) return <span className="muted">Verified {formatDateTime(backup.verifiedAt)}</span>;
  return <span className="muted">Never verified</span>;
}

/**
 * A completed backup's "Verify" (a restore drill in a throwaway container) and "Restore as
 * new" (a new instance of the backup's Odoo version, on the backup's instance's server), which
 * opens the new instance's page unless `onRestoredAsNew` says where to go instead.
 */
export function BackupRestoreActions({
  backup,
  onRestoredAsNew,
}: {
  backup: Backup;
  onRestoredAsNew?: ((instanceId: string) => void) | undefined;
}) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [asking, setAsking] = useState(false);
  const verify = useMutation(trpc.backups.verify.mutationOptions());
  const restore = useMutation(
    trpc.backups.restore.mutationOptions({
      onSuccess: async (queued) =>
        onRestoredAsNew ? onRestoredAsNew(queued.instanceId) : navigate(`/instances/${queued.instanceId}`),
    }),
  );
  if (backup.status !== 'completed') return null;
  return (
    <div className="row-buttons" role="group" aria-label={`Restore actions on backup ${backup.id}`}>
      <Button
        variant="secondary"
        size="sm"
        pending={verify.isPending}
        pendingLabel="Verifying…"
        onClick={() => verify.mutate({ id: backup.id })}
      >
        Verify
      </Button>
      {verify.data ? <span role="status">Drill queued: the backup shows its outcome when it ends.</span> : null}
      {verify.error ? <Alert>{`Verify: ${messageOf(verify.error)}`}</Alert> : null}
      {asking ? (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            restore.mutate({ id: backup.id, target: 'new', name });
          }}
        >
          <FormError message={restore.error ? messageOf(restore.error) : null} />
          <Field label="Name of the new instance" name="name" value={name} onChange={(e) => setName(e.target.value)} />
          <div className="form-actions">
            <Button type="submit" variant="secondary" pending={restore.isPending} pendingLabel="Restoring…">
              Restore as new instance
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" size="sm" onClick={() => setAsking(true)}>
          Restore as new
        </Button>
      )}
    </div>
  );
}
