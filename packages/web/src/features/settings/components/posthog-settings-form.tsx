import type { OrgSettings, UpdateOrgSettingsInput } from '@ocore/core';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { useToast } from '../../../components/toast';
import { Button } from '../../../components/button';
import { CheckboxField, Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { keepSecret, secretInputOf, type SecretDraft } from '../utils/secret-draft';
import { useSaveSettings } from '../api/use-save-settings';
import { SecretField } from './secret-field';

const fields = [
  'posthogEnabled',
  'posthogApiHost',
  'posthogUiHost',
  'posthogPersonalApiKey',
  'posthogWebhookSecret',
] as const;
const textFields = ['posthogEnabled', 'posthogApiHost', 'posthogUiHost'] as const;

interface Drafts {
  posthogPersonalApiKey: SecretDraft;
  posthogWebhookSecret: SecretDraft;
}

const untouched: Drafts = { posthogPersonalApiKey: keepSecret, posthogWebhookSecret: keepSecret };

function changesOf(settings: OrgSettings, values: Record<(typeof textFields)[number], string>, drafts: Drafts) {
  const changes: UpdateOrgSettingsInput = {};
  const enabled = values.posthogEnabled === 'on';
  if (enabled !== settings.posthogEnabled) changes.posthogEnabled = enabled;
  if (values.posthogApiHost.trim() !== settings.posthogApiHost) changes.posthogApiHost = values.posthogApiHost;
  if (values.posthogUiHost.trim() !== settings.posthogUiHost) changes.posthogUiHost = values.posthogUiHost;
  for (const name of ['posthogPersonalApiKey', 'posthogWebhookSecret'] as const) {
    const secret = secretInputOf(drafts[name]);
    if (secret !== undefined) changes[name] = secret;
  }
  return changes;
}

/** PostHog's hosts, whether it is on, and its two write-only keys. */
export function PosthogSettingsForm({ settings }: { settings: OrgSettings }) {
  const save = useSaveSettings();
  const notify = useToast();
  const [drafts, setDrafts] = useState<Drafts>(untouched);
  const errors = toFormErrors(save.error, fields);
  const draftOf = (name: keyof Drafts) => ({
    draft: drafts[name],
    onDraftChange: (draft: SecretDraft) => setDrafts((current) => ({ ...current, [name]: draft })),
    error: errors.fields[name],
  });

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) =>
        // Typed secrets leave the page's state once stored: only "Set" stays.
        save.mutate(changesOf(settings, readForm(event, textFields), drafts), {
          onSuccess: () => {
            setDrafts(untouched);
            notify('PostHog settings saved.');
          },
        })
      }
    >
      <FormError message={errors.general} />
      <CheckboxField
        label="Send events to PostHog"
        name="posthogEnabled"
        defaultChecked={settings.posthogEnabled}
        error={errors.fields['posthogEnabled']}
      />
      <div className="form-row form-row-even">
        <Field
          label="API host"
          name="posthogApiHost"
          type="url"
          inputMode="url"
          defaultValue={settings.posthogApiHost}
          spellCheck={false}
          hint="Where the API is, e.g. https://eu.i.posthog.com."
          error={errors.fields['posthogApiHost']}
        />
        <Field
          label="UI host"
          name="posthogUiHost"
          type="url"
          inputMode="url"
          defaultValue={settings.posthogUiHost}
          spellCheck={false}
          hint="Where links to PostHog lead, e.g. https://eu.posthog.com."
          error={errors.fields['posthogUiHost']}
        />
      </div>
      <SecretField
        label="Personal API key"
        isSet={settings.hasPosthogPersonalKey}
        placeholder="phx_…"
        hint="Used to read your project; it is stored encrypted and never shown again."
        {...draftOf('posthogPersonalApiKey')}
      />
      <SecretField
        label="Webhook secret"
        isSet={settings.hasPosthogWebhookKey}
        hint="Checks that webhooks really come from PostHog."
        {...draftOf('posthogWebhookSecret')}
      />
      <div className="form-actions">
        <Button type="submit" pending={save.isPending} pendingLabel="Saving…">
          Save PostHog settings
        </Button>
      </div>
    </form>
  );
}
