import { supportedOdooVersions, type OrgSettings, type UpdateOrgSettingsInput } from '@ocore/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field, SelectField } from '../../../components/field';
import { Loading } from '../../../components/layout';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { useSaveSettings } from '../api/use-save-settings';

const fields = [
  'defaultServerId',
  'defaultTemplateId',
  'defaultOdooVersion',
  'defaultWorkers',
  'dnsKind',
  'dnsUrl',
  'dnsSecret',
  'dnsZoneId',
] as const;
type Values = Record<(typeof fields)[number], string>;

function changesOf(settings: OrgSettings, v: Values): UpdateOrgSettingsInput {
  const changes: UpdateOrgSettingsInput = {};
  const serverId = v.defaultServerId || null;
  if (serverId !== settings.defaultServerId) changes.defaultServerId = serverId;
  const templateId = v.defaultTemplateId || null;
  if (templateId !== settings.defaultTemplateId) changes.defaultTemplateId = templateId;
  const version = (v.defaultOdooVersion || null) as UpdateOrgSettingsInput['defaultOdooVersion'];
  if (version !== settings.defaultOdooVersion) changes.defaultOdooVersion = version;
  const workers = v.defaultWorkers === '' ? null : Number(v.defaultWorkers);
  if (workers !== settings.defaultWorkers) changes.defaultWorkers = workers;
  const p = settings.dnsProvider;
  const unchanged =
    p?.kind === v.dnsKind && !v.dnsSecret && (p.url ?? '') === v.dnsUrl && (p.zoneId ?? '') === v.dnsZoneId;
  if (unchanged) return changes;
  if (v.dnsKind === '') {
    if (settings.dnsProvider) changes.dnsProvider = null;
  } else if (v.dnsKind === 'httpreq') {
    changes.dnsProvider = { kind: 'httpreq', url: v.dnsUrl, ...(v.dnsSecret ? { password: v.dnsSecret } : {}) };
  } else {
    changes.dnsProvider = {
      kind: 'cloudflare',
      ...(v.dnsSecret ? { apiToken: v.dnsSecret } : {}),
      ...(v.dnsZoneId ? { zoneId: v.dnsZoneId } : {}),
    };
  }
  return changes;
}

/** Default server, template, Odoo version and workers for new instances, and the DNS provider for DNS-01. */
export function DefaultsSettingsForm({ settings }: { settings: OrgSettings }) {
  const trpc = useTRPC();
  const servers = useQuery(trpc.servers.list.queryOptions());
  const templates = useQuery(trpc.templates.list.queryOptions());
  const save = useSaveSettings();
  const notify = useToast();
  const errors = toFormErrors(save.error, [
    'defaultServerId',
    'defaultTemplateId',
    'defaultOdooVersion',
    'defaultWorkers',
    'dnsProvider',
  ]);
  const [dnsKind, setDnsKind] = useState(settings.dnsProvider?.kind ?? '');
  // The selects start from the stored defaults, so their options must be there first: an
  // option added later is not selected, and saving would clear the default.
  if (servers.isPending || templates.isPending) return <Loading what="servers and templates" />;
  const own = servers.data?.items ?? [];
  const others = settings.defaultServerId && !own.some((s) => s.id === settings.defaultServerId);
  const listed = templates.data?.items ?? [];
  const unlisted = settings.defaultTemplateId && !listed.some((t) => t.id === settings.defaultTemplateId);
  const dnsError = Object.entries(errors.fields).find(([key]) => key.startsWith('dnsProvider'))?.[1];
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) =>
        save.mutate(changesOf(settings, readForm(event, fields)), { onSuccess: () => notify('Defaults saved.') })
      }
    >
      <FormError message={errors.general} />
      <div className="form-row form-row-even">
        <SelectField
          label="Default server"
          name="defaultServerId"
          defaultValue={settings.defaultServerId ?? ''}
          error={errors.fields['defaultServerId']}
          hint="Used when a new instance names no server."
        >
          <option value="">None</option>
          {own.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
          {others ? <option value={settings.defaultServerId ?? ''}>The agency's server</option> : null}
        </SelectField>
        <SelectField
          label="Default template"
          name="defaultTemplateId"
          defaultValue={settings.defaultTemplateId ?? ''}
          error={errors.fields['defaultTemplateId']}
          hint="Used when a new instance names no template."
        >
          <option value="">None</option>
          {listed.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
          {unlisted ? <option value={settings.defaultTemplateId ?? ''}>A template no longer listed</option> : null}
        </SelectField>
        <SelectField
          label="Default version of new instances"
          name="defaultOdooVersion"
          defaultValue={settings.defaultOdooVersion ?? ''}
          error={errors.fields['defaultOdooVersion']}
        >
          <option value="">None</option>
          {supportedOdooVersions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </SelectField>
        <Field
          label="Default workers"
          name="defaultWorkers"
          type="number"
          inputMode="numeric"
          defaultValue={settings.defaultWorkers ?? ''}
          hint="0-64; empty for the template's or 2."
          error={errors.fields['defaultWorkers']}
        />
      </div>
      <div className="form-row form-row-even">
        <SelectField
          label="DNS provider"
          name="dnsKind"
          value={dnsKind}
          onChange={(e) => setDnsKind(e.target.value)}
          error={dnsError}
          hint="Publishes DNS-01 challenge records."
        >
          <option value="">None</option>
          <option value="httpreq">httpreq hook</option>
          <option value="cloudflare">Cloudflare API</option>
        </SelectField>
        {dnsKind === 'httpreq' ? (
          <Field label="Hook URL" name="dnsUrl" type="url" defaultValue={settings.dnsProvider?.url ?? ''} />
        ) : null}
        {dnsKind === 'cloudflare' ? (
          <Field label="Zone id" name="dnsZoneId" defaultValue={settings.dnsProvider?.zoneId ?? ''} />
        ) : null}
        {dnsKind ? (
          <Field
            label={dnsKind === 'cloudflare' ? 'API token' : 'Hook password'}
            name="dnsSecret"
            type="password"
            autoComplete="off"
            hint={
              settings.dnsProvider?.hasCredentials
                ? 'Stored; leave empty to keep it.'
                : 'Write-only: never shown again.'
            }
          />
        ) : null}
      </div>
      <div className="form-actions">
        <Button type="submit" pending={save.isPending} pendingLabel="Saving…">
          Save defaults
        </Button>
      </div>
    </form>
  );
}
