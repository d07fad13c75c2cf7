import type { Organization } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useMoveOutOfOrg } from '../../../lib/use-move-out-of-org';

/** Deletes the current organization once its name is typed (Owner only). */
export function DeleteOrgForm({ org }: { org: Organization }) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState('');
  const moveOut = useMoveOutOfOrg();
  const remove = useMutation(
    trpc.organizations.delete.mutationOptions({ onSuccess: () => moveOut(`“${org.name}” was deleted.`) }),
  );
  const errors = toFormErrors(remove.error, []);
  const confirmed = typed === org.name;

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (confirmed) remove.mutate();
      }}
    >
      <FormError message={errors.general} />
      <Field
        label={`Type “${org.name}” to confirm`}
        name="confirmName"
        value={typed}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setTyped(event.target.value)}
      />
      <div className="form-actions">
        <Button
          type="submit"
          variant="danger"
          disabled={!confirmed}
          pending={remove.isPending}
          pendingLabel="Deleting…"
        >
          Delete organization
        </Button>
      </div>
    </form>
  );
}
