import type { OrgSettings, UpdateOrgSettingsInput } from '@ocore/core';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useSaveSettings } from '../api/use-save-settings';
import { wholeNumberOf } from '../../../lib/whole-number';

const fields = ['auditRetentionDays', 'bulkBatchSize', 'requirePasskey'] as const;

/** Only what changed is sent, so the audit log records only real changes. */
function changesOf(settings: OrgSettings, values: Record<(typeof fields)[number], string>): UpdateOrgSettingsInput {
  const changes: UpdateOrgSettingsInput = {};
  const auditRetentionDays = wholeNumberOf(values.auditRetentionDays);
  const bulkBatchSize = wholeNumberOf(values.bulkBatchSize);
  const requirePasskey = values.requirePasskey === 'on';
  if (auditRetentionDays !== settings.auditRetentionDays) changes.auditRetentionDays = auditRetentionDays;
  if (bulkBatchSize !== settings.bulkBatchSize) changes.bulkBatchSize = bulkBatchSize;
  if (requirePasskey !== settings.requirePasskey) changes.requirePasskey = requirePasskey;
  return changes;
}

/** Audit retention, bulk batch size and the passkey requirement. */
export function GeneralSettingsForm({ settings }: { settings: OrgSettings }) {
  const save = useSaveSettings();
  const errors = toFormErrors(save.error, fields);

  return (
    <form className="form" noValidate onSubmit={(event) => save.mutate(changesOf(settings, readForm(event, fields)))}>
      {save.isSuccess ? <Alert tone="success">Settings saved.</Alert> : null}
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
      <div className="form-actions">
        <Button type="submit" pending={save.isPending} pendingLabel="Saving…">
          Save settings
        </Button>
      </div>
    </form>
  );
}
