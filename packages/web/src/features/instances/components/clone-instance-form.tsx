import type { CloneInstanceInput, Instance } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, Field, SelectField } from '../../../components/field';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateInstances } from '../api/use-instances';

/**
 * "Clone to staging": a copy of the instance on its server and in its project (database copied
 * as a template, filestore copied, then neutralized unless unticked). The clone's page then
 * shows its operation live.
 */
export function CloneInstanceForm({ instance }: { instance: Instance }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const invalidate = useInvalidateInstances();
  const [name, setName] = useState(`${instance.name} staging`);
  const [stage, setStage] = useState<CloneInstanceInput['stage']>('staging');
  const [neutralize, setNeutralize] = useState(true);
  const clone = useMutation(
    trpc.instances.clone.mutationOptions({
      onSuccess: async (operation) => {
        await invalidate();
        if (operation.instanceId) await navigate(`/instances/${operation.instanceId}`);
      },
    }),
  );
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        clone.mutate({ id: instance.id, name, stage, neutralize });
      }}
    >
      <FormError message={clone.error ? messageOf(clone.error) : null} />
      <Field label="Name of the clone" name="name" value={name} onChange={(event) => setName(event.target.value)} />
      <SelectField
        label="Stage"
        name="stage"
        value={stage}
        onChange={(event) => setStage(event.target.value as CloneInstanceInput['stage'])}
      >
        <option value="staging">Staging</option>
        <option value="development">Development</option>
      </SelectField>
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
