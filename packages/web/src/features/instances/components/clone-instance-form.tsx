import type { CloneInstanceInput, Instance } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, Field, SelectField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { placementLabel, usePlacementServers } from '../../../lib/use-servers';
import { useInvalidateInstances } from '../api/use-instances';

/**
 * "Clone to staging": a copy of the instance in its project, on its server (database copied as
 * a template, filestore copied) or on another one of the organization's servers (both streamed
 * across), then neutralized unless unticked. The clone's page then shows its operation live.
 */
export function CloneInstanceForm({ instance }: { instance: Instance }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const invalidate = useInvalidateInstances();
  const [name, setName] = useState(`${instance.name} staging`);
  const [stage, setStage] = useState<CloneInstanceInput['stage']>('staging');
  const [neutralize, setNeutralize] = useState(true);
  const [serverId, setServerId] = useState('');
  const servers = usePlacementServers();
  const others = (servers.data?.items ?? []).filter((s) => s.id !== instance.serverId);
  const clone = useMutation(
    trpc.instances.clone.mutationOptions({
      onSuccess: async (operation) => {
        await invalidate();
        if (operation.instanceId) await navigate(`/instances/${operation.instanceId}`);
      },
    }),
  );
  const errors = toFormErrors(clone.error, ['name', 'stage', 'serverId'], { serverCapacity: 'serverId' });
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        clone.mutate({ id: instance.id, name, stage, neutralize, ...(serverId ? { serverId } : {}) });
      }}
    >
      <FormError message={errors.general} />
      <Field
        label="Name of the clone"
        name="name"
        value={name}
        error={errors.fields['name']}
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label="Stage"
        name="stage"
        value={stage}
        onChange={(event) => setStage(event.target.value as CloneInstanceInput['stage'])}
      >
        <option value="staging">Staging</option>
        <option value="development">Development</option>
      </SelectField>
      {others.length > 0 ? (
        <SelectField
          label="Server"
          name="serverId"
          value={serverId}
          error={errors.fields['serverId']}
          hint="On another server the database and files are streamed across, which takes longer."
          onChange={(event) => setServerId(event.target.value)}
        >
          <option value="">Its own server</option>
          {others.map((s) => (
            <option key={s.id} value={s.id}>
              {placementLabel(s, instance.organizationId)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <CheckboxField
        label="Neutralize: crons, outgoing mail, payment and delivery providers off"
        name="neutralize"
        checked={neutralize}
        onChange={(event) => setNeutralize(event.target.checked)}
      />
      <div className="form-actions">
        <Button type="submit" variant="secondary" pending={clone.isPending} pendingLabel="Cloning…">
          Clone to {stage}
        </Button>
      </div>
    </form>
  );
}
