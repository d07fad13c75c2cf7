import type { OrgSettings, UpdateOrgSettingsInput } from '@ocore/core';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, Field } from '../../../components/field';
import { useToast } from '../../../components/toast';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useSaveSettings } from '../api/use-save-settings';
import { wholeNumberOf } from '../../../lib/whole-number';

const fields = [
  'auditRetentionDays',
  'bulkBatchSize',
  'requirePasskey',
  'terminalTranscripts',
  'backupEncryption',
] as const;

/** Only what changed is sent, so the audit log records only real changes. */
function changesOf(settings: OrgSettings, values: Record<(typeof fields)[number], string>): UpdateOrgSettingsInput {
  const changes: UpdateOrgSettingsInput = {};
  const auditRetentionDays = wholeNumberOf(values.auditRetentionDays);
  const bulkBatchSize = wholeNumberOf(values.bulkBatchSize);
  const requirePasskey = values.requirePasskey === 'on';
  if (auditRetentionDays !== settings.auditRetentionDays) changes.auditRetentionDays = auditRetentionDays;
  if (bulkBatchSize !== settings.bulkBatchSize) changes.bulkBatchSize = bulkBatchSize;
  if (requirePasskey !== settings.requirePasskey) changes.requirePasskey = requirePasskey;
  const terminalTranscripts = values.terminalTranscripts === 'on';
  if (terminalTranscripts !== settings.terminalTranscripts) changes.terminalTranscripts = terminalTranscripts;
  const backupEncryption = values.backupEncryption === 'on';
  if (backupEncryption !== settings.backupEncryption) changes.backupEncryption = backupEncryption;
  return changes;
}

/** Audit retention, bulk batch size, the passkey requirement, terminal transcripts and backup encryption. */
export function GeneralSettingsForm({ settings }: { settings: OrgSettings }) {
  const save = useSaveSettings();
  const notify = useToast();
  const errors = toFormErrors(save.error, fields);

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) =>
        save.mutate(changesOf(settings, readForm(event, fields)), { onSuccess: () => notify('Settings saved.') })
      }
    >
      <FormError message={errors.general} />
      <div className="form-row form-row-even">
        <Field
          label="Audit retention (days)"
          name="auditRetentionDays"
          type="number"
          inputMode="numeric"
          defaultValue={settings.auditRetentionDays}
          hint="How long audit log entries are kept: 1-3650 days."
          error={errors.fields['auditRetentionDays']}
        />
        <Field
          label="Bulk batch size"
          name="bulkBatchSize"
          type="number"
          inputMode="numeric"
          defaultValue={settings.bulkBatchSize}
          hint="How many items bulk operations handle at a time: 1-1000."
          error={errors.fields['bulkBatchSize']}
        />
      </div>
      <CheckboxField
        label="Require a passkey to sign in"
        name="requirePasskey"
        defaultChecked={settings.requirePasskey}
        hint="Members must sign in with a passkey instead of a password alone."
        error={errors.fields['requirePasskey']}
      />
      <CheckboxField
        label="Keep terminal transcripts"
        name="terminalTranscripts"
        defaultChecked={settings.terminalTranscripts}
        hint="Each terminal and Odoo shell session's output and input (up to 1 MiB) is kept, readable by those who may see the audit log."
        error={errors.fields['terminalTranscripts']}
      />
      <CheckboxField
        label="Encrypt backups at rest"
        name="backupEncryption"
        defaultChecked={settings.backupEncryption}
        hint={`New backups are encrypted (AES-256-GCM) with a key of the organization's, kept sealed and carried by disaster-recovery exports; downloads and restores decrypt them. ${settings.hasBackupKey ? 'The key was made.' : 'The key is made with the first encrypted backup.'}`}
        error={errors.fields['backupEncryption']}
      />
      <div className="form-actions">
        <Button type="submit" pending={save.isPending} pendingLabel="Saving…">
          Save settings
        </Button>
      </div>
    </form>
  );
}
