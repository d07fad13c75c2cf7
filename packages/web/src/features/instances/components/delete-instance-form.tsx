import type { Instance } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { CheckboxField, Field } from '../../../components/field';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import type { NoticeState } from '../../../lib/use-move-out-of-org';
import { useInvalidateInstances } from '../api/use-instances';

/**
 * Deletes the instance once its exact name is typed: its container, database and volumes, or
 * only the container with "keep data". The list page then shows it going.
 */
export function DeleteInstanceForm({ instance }: { instance: Instance }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const invalidate = useInvalidateInstances();
  const [typed, setTyped] = useState('');
  const [keepData, setKeepData] = useState(false);
  const remove = useMutation(
    trpc.instances.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        const notice = `Deleting ${instance.name}${keepData ? ' (its database and volumes are kept)' : ''}.`;
        await navigate('/instances', { state: { notice } satisfies NoticeState });
      },
    }),
  );
  const matches = typed === instance.name;
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (matches) remove.mutate({ id: instance.id, keepData });
      }}
    >
      <FormError message={remove.error ? messageOf(remove.error) : null} />
      <Field
        label={`Type ${instance.name} to confirm`}
        name="confirmName"
        autoComplete="off"
        spellCheck={false}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      <CheckboxField
        label="Keep data: leave the database and the volumes in place"
        name="keepData"
        checked={keepData}
        onChange={(event) => setKeepData(event.target.checked)}
      />
      <div className="form-actions">
        <Button type="submit" variant="danger" disabled={!matches} pending={remove.isPending} pendingLabel="Deleting…">
          Delete instance
        </Button>
      </div>
    </form>
  );
}
