import type { Backup, BackupFormat, BackupStatus, Restore } from '@ocore/core';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Badge, type BadgeTone } from '../../../components/badge';
import { Button } from '../../../components/button';
import { ConfirmButton } from '../../../components/confirm-button';
import { SelectField } from '../../../components/field';
import { Loading, Section } from '../../../components/layout';
import { LiveIndicator } from '../../../components/live-indicator';
import { Table } from '../../../components/table';
import { messageOf } from '../../../lib/errors';
import {
  downloadBackup,
  useCreateBackup,
  useDeleteBackup,
  useDestinations,
  useInstanceBackups,
  useInstanceRestores,
  useRestoreBackup,
} from '../api/use-backups';
import { BackupRestoreActions, BackupVerifyStatus } from './backup-restore-actions';
import { BackupImport } from './backup-import';
import { ScheduleForm } from './schedule-form';

const tones: Record<BackupStatus, BadgeTone> = {
  pending: 'neutral',
  running: 'accent',
  completed: 'success',
  failed: 'danger',
};

function formatSize(bytes: number | null): string {
  if (bytes === null) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** Download, restore in place and delete, for one backup. */
function BackupActions({ backup, instanceId }: { backup: Backup; instanceId: string }) {
  const restore = useRestoreBackup(instanceId);
  const remove = useDeleteBackup(instanceId);
  const [failure, setFailure] = useState<string | null>(null);
  const done = backup.status === 'completed';
  const error = failure ?? (restore.error ? messageOf(restore.error) : remove.error ? messageOf(remove.error) : null);
  return (
    <div className="backup-actions">
      {done ? (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => void downloadBackup(backup.id).catch((err: unknown) => setFailure(messageOf(err)))}
        >
          Download
        </Button>
      ) : null}
      {done ? (
        <ConfirmButton
          label="Restore"
          question="Replace the instance’s database and files with this backup? A safety backup is taken first."
          confirmLabel="Restore in place"
          pending={restore.isPending}
          onConfirm={() => restore.mutate({ id: backup.id, target: 'in-place' })}
        />
      ) : null}
      {backup.status === 'completed' || backup.status === 'failed' ? (
        <ConfirmButton
          label="Delete"
          question="Delete this backup and its file at the destination?"
          confirmLabel="Delete"
          pending={remove.isPending}
          onConfirm={() => remove.mutate({ id: backup.id })}
        />
      ) : null}
      {restore.isSuccess ? <span role="status">Restore queued.</span> : null}
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}

/** Back up now, to a chosen destination or the organization's default. */
function CreateBackup({ instanceId }: { instanceId: string }) {
  const destinations = useDestinations();
  const create = useCreateBackup(instanceId);
  const [destinationId, setDestinationId] = useState('');
  const [format, setFormat] = useState<BackupFormat>('zip');
  return (
    <form
      className="form-row"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ id: instanceId, format, ...(destinationId && { destinationId }) });
      }}
    >
      <SelectField label="Destination" value={destinationId} onChange={(e) => setDestinationId(e.target.value)}>
        <option value="">The organization’s default</option>
        {(destinations.data?.items ?? []).map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.kind})
          </option>
        ))}
      </SelectField>
      <SelectField label="Format" value={format} onChange={(e) => setFormat(e.target.value as BackupFormat)}>
        <option value="zip">Odoo zip (dump.sql and filestore/)</option>
        <option value="dump">Dump, for large databases (pg_dump custom format and a filestore tar)</option>
      </SelectField>
      <Button type="submit" pending={create.isPending} pendingLabel="Queuing…">
        Back up now
      </Button>
      {create.error ? <Alert>{messageOf(create.error)}</Alert> : null}
    </form>
  );
}

const restoreTones: Record<Restore['status'], BadgeTone> = {
  queued: 'neutral',
  running: 'accent',
  succeeded: 'success',
  failed: 'danger',
};

const restoreKinds: Record<Restore['target'], string> = {
  'in-place': 'Restore in place',
  new: 'Restored into this instance',
  verify: 'Restore drill',
};

/** The instance's latest restores, live: what each is doing (its step) or why it failed. */
function RestoresList({ instanceId }: { instanceId: string }) {
  const restores = useInstanceRestores(instanceId);
  if (restores.isPending) return <Loading what="the restores" />;
  if (restores.error) return <Alert>{messageOf(restores.error)}</Alert>;
  return (
    <Table
      caption="Restores"
      rows={restores.data.items}
      rowKey={(r) => r.id}
      empty={<p className="muted">No restores yet.</p>}
      columns={[
        { header: 'Started', cell: (r) => new Date(r.createdAt).toLocaleString() },
        { header: 'Kind', cell: (r) => restoreKinds[r.target] },
        {
          header: 'Status',
          stacked: true,
          cell: (r) => (
            <>
              <Badge tone={restoreTones[r.status]}>{r.status}</Badge>
              {r.step ? <span className="muted"> {r.status === 'failed' ? `at ${r.step}` : r.step}</span> : null}
              {r.error ? <span className="field-error"> {r.error}</span> : null}
            </>
          ),
        },
        { header: 'Safety backup', cell: (r) => (r.safetyBackupId ? 'taken first' : '–') },
        { header: 'Finished', cell: (r) => (r.finishedAt ? new Date(r.finishedAt).toLocaleString() : '–') },
      ]}
    />
  );
}

/**
 * An instance's backups: health, back up now, the list live, and the schedule. A restore as a
 * new instance opens that instance's page, or calls `onRestoredAsNew` when given (the portal has no such page).
 */
export function BackupsView({
  instanceId,
  onRestoredAsNew,
}: {
  instanceId: string;
  onRestoredAsNew?: ((instanceId: string) => void) | undefined;
}) {
  const { list, status } = useInstanceBackups(instanceId);
  if (list.isPending) return <Loading what="the backups" />;
  if (list.error) return <Alert>{messageOf(list.error)}</Alert>;
  const data = list.data;
  return (
    <>
      <p data-testid="last-successful-backup">Last successful backup: {when(data.lastSuccessfulBackupAt)}</p>
      {data.backupOverdue ? (
        <Alert tone="warning">
          A scheduled backup is overdue: none completed since the slot of {when(data.overdueSince)}.
        </Alert>
      ) : null}
      <Section
        title="Back up now"
        description="Odoo’s own zip (dump.sql, filestore/ and manifest.json), or the dump variant for large databases. Encrypted at rest when the organization’s setting says so; downloads are always the archive itself."
      >
        <CreateBackup instanceId={instanceId} />
      </Section>
      <Section
        title="Import a backup"
        description="A backup made elsewhere (Odoo.sh, Odoo Online, on premise) of the instance’s Odoo version: uploaded, kept at a destination, then restored in place after a safety backup."
      >
        <BackupImport instanceId={instanceId} />
      </Section>
      <Section title="Backups" description={<LiveIndicator status={status} />}>
        <Table
          caption="Backups"
          rows={data.items}
          rowKey={(b) => b.id}
          empty={<p className="muted">No backups yet.</p>}
          columns={[
            { header: 'Created', cell: (b) => new Date(b.createdAt).toLocaleString() },
            { header: 'Trigger', cell: (b) => (b.purpose ? `${b.trigger}: ${b.purpose}` : b.trigger) },
            { header: 'Format', cell: (b) => (b.encrypted ? `${b.format}, encrypted` : b.format) },
            {
              header: 'Status',
              stacked: true,
              cell: (b) => (
                <>
                  <Badge tone={tones[b.status]}>{b.status}</Badge>
                  {b.reason ? <span className="muted"> {b.reason}</span> : null}
                </>
              ),
            },
            { header: 'Size', align: 'end', cell: (b) => formatSize(b.sizeBytes) },
            { header: 'Restorable', cell: (b) => (b.status === 'completed' ? <BackupVerifyStatus backup={b} /> : '–') },
            {
              header: 'Actions',
              align: 'end',
              stacked: true,
              cell: (b) => (
                <>
                  <BackupActions backup={b} instanceId={instanceId} />
                  <BackupRestoreActions backup={b} onRestoredAsNew={onRestoredAsNew} />
                </>
              ),
            },
          ]}
        />
      </Section>
      <Section
        title="Restores"
        description="Restores in place (a safety backup first), restores into this instance, and restore drills of its backups, with the step under way."
      >
        <RestoresList instanceId={instanceId} />
      </Section>
      <ScheduleForm instanceId={instanceId} />
    </>
  );
}
