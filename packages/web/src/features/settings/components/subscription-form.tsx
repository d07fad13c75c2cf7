import { defaultOdooVersion, type SubscriptionValidation } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { SelectField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { keepSecret, secretInputOf, type SecretDraft } from '../utils/secret-draft';
import { useSaveSettings } from '../api/use-save-settings';
import { SecretField } from './secret-field';
import { SubscriptionChecks } from './subscription-checks';

export interface SubscriptionFormProps {
  hasCode: boolean;
  supportedVersions: readonly string[];
  lastValidation: SubscriptionValidation | null;
}

function initialVersion({ supportedVersions, lastValidation }: SubscriptionFormProps): string {
  const wanted = lastValidation?.odooVersion ?? defaultOdooVersion;
  return supportedVersions.includes(wanted) ? wanted : (supportedVersions.at(-1) ?? defaultOdooVersion);
}

/** The write-only subscription code, and its validation for an Odoo version. */
export function SubscriptionForm(props: SubscriptionFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useSaveSettings();
  const notify = useToast();
  const [draft, setDraft] = useState<SecretDraft>(keepSecret);
  const [odooVersion, setOdooVersion] = useState(() => initialVersion(props));
  const validate = useMutation(
    trpc.settings.validateSubscription.mutationOptions({
      // The server stores every validation as the organization's last one.
      onSuccess: (lastValidation) =>
        queryClient.setQueryData(
          trpc.settings.subscriptionStatus.queryKey(),
          (status) => status && { ...status, lastValidation },
        ),
    }),
  );
  const failed = validate.error ?? save.error;
  const errors = toFormErrors(failed, ['subscriptionCode', 'code', 'odooVersion']);
  const typed = secretInputOf(draft);

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        validate.reset();
        if (typed !== undefined)
          save.mutate(
            { subscriptionCode: typed },
            {
              onSuccess: () => {
                setDraft(keepSecret);
                notify('Subscription code saved.');
              },
            },
          );
      }}
    >
      <FormError message={errors.general} />
      <SecretField
        label="Subscription code"
        isSet={props.hasCode}
        draft={draft}
        onDraftChange={setDraft}
        placeholder="M2407151234567"
        hint="Your Odoo Enterprise subscription code; stored encrypted and never shown again."
        error={errors.fields['subscriptionCode'] ?? errors.fields['code']}
      />
      <SelectField
        label="Odoo version"
        name="odooVersion"
        value={odooVersion}
        onChange={(event) => setOdooVersion(event.target.value)}
        error={errors.fields['odooVersion']}
      >
        {props.supportedVersions.map((version) => (
          <option key={version} value={version}>
            Odoo {version}
          </option>
        ))}
      </SelectField>
      <div className="form-actions">
        <Button
          type="submit"
          variant="secondary"
          disabled={typed === undefined}
          pending={save.isPending}
          pendingLabel="Saving…"
        >
          Save code
        </Button>
        <Button
          pending={validate.isPending}
          pendingLabel="Validating…"
          disabled={!props.hasCode && typeof typed !== 'string'}
          onClick={() => {
            save.reset();
            validate.mutate({ odooVersion, ...(typeof typed === 'string' ? { code: typed } : {}) });
          }}
        >
          Validate
        </Button>
      </div>
      <p className="field-hint">Validate checks the code being typed, or else the saved one.</p>
      {props.lastValidation ? (
        <SubscriptionChecks validation={props.lastValidation} />
      ) : (
        <p className="muted">Not validated yet.</p>
      )}
    </form>
  );
}
