import type { InfrastructureVisibility, PortalConfig, PortalFeature } from '@ocore/core';
import type { RouterInputs } from '@ocore/server';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, SelectField } from '../../../components/field';
import { useToast } from '../../../components/toast';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { portalFeatureList } from '../../../lib/portal-features';
import { ClientViewSummary } from './client-view-summary';

type PortalConfigUpdate = RouterInputs['agency']['updatePortalConfig'];

const fields = [...portalFeatureList.map((feature) => feature.key), 'infrastructureVisibility'] as const;

const visibilities: { value: InfrastructureVisibility; label: string }[] = [
  { value: 'full', label: 'Full: servers, addresses and resources' },
  { value: 'limited', label: 'Limited: instances without server details' },
  { value: 'none', label: 'None: no infrastructure at all' },
];

/** Only what changed is sent, so the audit log records only real changes. */
function changesOf(config: PortalConfig, values: Record<(typeof fields)[number], string>): PortalConfigUpdate {
  const changes: PortalConfigUpdate = {};
  for (const { key } of portalFeatureList) {
    const on = values[key] === 'on';
    if (on !== config[key]) changes[key] = on;
  }
  if (values.infrastructureVisibility !== config.infrastructureVisibility) {
    changes.infrastructureVisibility = values.infrastructureVisibility as InfrastructureVisibility;
  }
  return changes;
}

function enabledIn(config: PortalConfig): Set<PortalFeature> {
  return new Set(portalFeatureList.filter((feature) => config[feature.key]).map((feature) => feature.key));
}

/** The toggles and visibility as they stand in the form, for the summary of what clients see. */
function readDraft(event: FormEvent<HTMLFormElement>) {
  const data = new FormData(event.currentTarget);
  const enabled = new Set(portalFeatureList.filter((f) => data.get(f.key) === 'on').map((f) => f.key));
  return { enabled, visibility: data.get('infrastructureVisibility') as InfrastructureVisibility };
}

/** Which features clients see in their portal, and how much of the infrastructure. */
export function PortalConfigForm({ config, readOnly }: { config: PortalConfig; readOnly: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useToast();
  const [draft, setDraft] = useState(() => ({
    enabled: enabledIn(config),
    visibility: config.infrastructureVisibility,
  }));
  const update = useMutation(
    trpc.agency.updatePortalConfig.mutationOptions({
      onSuccess: async (saved) => {
        notify('Portal configuration saved.');
        queryClient.setQueryData(trpc.agency.getPortalConfig.queryKey(), saved);
        await queryClient.invalidateQueries({ queryKey: trpc.portal.context.queryKey() });
      },
    }),
  );
  const errors = toFormErrors(update.error, fields);

  return (
    <form
      className="form"
      noValidate
      onChange={(event) => setDraft(readDraft(event))}
      onSubmit={(event) => update.mutate(changesOf(config, readForm(event, fields)))}
    >
      <fieldset className="plain-fieldset form" disabled={readOnly}>
        <fieldset className="checkbox-group">
          <legend>Features in the client portal</legend>
          {portalFeatureList.map((feature) => (
            <CheckboxField
              key={feature.key}
              label={feature.label}
              name={feature.key}
              defaultChecked={config[feature.key]}
              hint={feature.description}
              error={errors.fields[feature.key]}
            />
          ))}
        </fieldset>
        <SelectField
          label="Infrastructure visibility"
          name="infrastructureVisibility"
          defaultValue={config.infrastructureVisibility}
          hint="How much of the servers behind their instances clients see."
          error={errors.fields['infrastructureVisibility']}
        >
          {visibilities.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </SelectField>
        <ClientViewSummary enabled={draft.enabled} visibility={draft.visibility} />
        <FormError message={errors.general} />
        {readOnly ? null : (
          <div className="form-actions">
            <Button type="submit" pending={update.isPending} pendingLabel="Saving…">
              Save configuration
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
