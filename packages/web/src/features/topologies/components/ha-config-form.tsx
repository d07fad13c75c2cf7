import type { HaConfig, Server, Topology } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormError } from '../../../components/alert';
import { useToast } from '../../../components/toast';
import { Button } from '../../../components/button';
import { CheckboxField, SelectField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['lbType', 'lbServerId', 'filestoreType', 'redisEnabled', 'redisServerId', 'pgFailoverEnabled'] as const;

// Records, so a value added to the schema does not compile until it is named here.
const lbTypes: Record<HaConfig['lbType'], string> = { traefik: 'Traefik', haproxy: 'HAProxy', nginx: 'nginx' };
const filestoreTypes: Record<HaConfig['filestoreType'], string> = {
  local: 'Local disk (one Odoo node only)',
  shared_nfs: 'Shared NFS',
  s3: 'S3-compatible object storage',
};

function Options({ labels }: { labels: Readonly<Record<string, string>> }) {
  return Object.entries(labels).map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}

function ServerSelect({
  label,
  name,
  servers,
  value,
  error,
}: {
  label: string;
  name: string;
  servers: readonly Server[];
  value: string | null;
  error?: string | undefined;
}) {
  return (
    <SelectField label={label} name={name} defaultValue={value ?? ''} error={error}>
      <option value="">None</option>
      {/* The stored server, until the list that names it has loaded (or when it is not listed):
          without it the select would show "None" and the next save would clear the value. */}
      {value && !servers.some((server) => server.id === value) ? <option value={value}>{value}</option> : null}
      {servers.map((server) => (
        <option key={server.id} value={server.id}>
          {server.name}
        </option>
      ))}
    </SelectField>
  );
}

export interface HaConfigFormProps {
  topology: Topology;
  servers: readonly Server[];
  canEdit: boolean;
}

/** The topology's high-availability settings: load balancer, filestore, Redis and PostgreSQL failover. */
export function HaConfigForm({ topology, servers, canEdit }: HaConfigFormProps) {
  const trpc = useTRPC();
  const notify = useToast();
  const queryClient = useQueryClient();
  const save = useMutation(
    trpc.topologies.setHaConfig.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.topologies.get.queryKey({ id: saved.id }), saved);
        notify('High-availability settings saved.');
      },
    }),
  );
  const errors = toFormErrors(save.error, fields);
  const ha = topology.haConfig;

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        save.mutate({
          id: topology.id,
          lbType: values.lbType as HaConfig['lbType'],
          lbServerId: values.lbServerId || null,
          filestoreType: values.filestoreType as HaConfig['filestoreType'],
          redisEnabled: values.redisEnabled === 'on',
          redisServerId: values.redisServerId || null,
          pgFailoverEnabled: values.pgFailoverEnabled === 'on',
        });
      }}
    >
      <FormError message={errors.general} />
      <fieldset className="plain-fieldset form" disabled={!canEdit}>
        <div className="form-row form-row-even">
          <SelectField label="Load balancer" name="lbType" defaultValue={ha.lbType} error={errors.fields['lbType']}>
            <Options labels={lbTypes} />
          </SelectField>
          <ServerSelect
            label="Load balancer server"
            name="lbServerId"
            servers={servers}
            value={ha.lbServerId}
            error={errors.fields['lbServerId']}
          />
        </div>
        <SelectField
          label="Filestore"
          name="filestoreType"
          defaultValue={ha.filestoreType}
          error={errors.fields['filestoreType']}
        >
          <Options labels={filestoreTypes} />
        </SelectField>
        <div className="form-row form-row-even">
          <CheckboxField
            label="Redis for sessions"
            name="redisEnabled"
            defaultChecked={ha.redisEnabled}
            error={errors.fields['redisEnabled']}
          />
          <ServerSelect
            label="Redis server"
            name="redisServerId"
            servers={servers}
            value={ha.redisServerId}
            error={errors.fields['redisServerId']}
          />
        </div>
        <CheckboxField
          label="PostgreSQL failover"
          name="pgFailoverEnabled"
          defaultChecked={ha.pgFailoverEnabled}
          hint="Needs a postgres-replica node."
          error={errors.fields['pgFailoverEnabled']}
        />
        {canEdit ? (
          <div className="form-actions">
            <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
              Save HA settings
            </Button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
