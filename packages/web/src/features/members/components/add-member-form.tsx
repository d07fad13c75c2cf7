import type { Role } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field, SelectField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateMembers } from '../api/use-invalidate-members';

const fields = ['email', 'role'] as const;

function defaultRole(roles: readonly Role[]): string {
  return roles.find((r) => r.name === 'Developer')?.name ?? roles.find((r) => r.name !== 'Owner')?.name ?? '';
}

/** Invites someone by email with a role (needs manage:members); they join when they accept the mailed link. */
export function AddMemberForm({ roles }: { roles: readonly Role[] }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateMembers();
  const formRef = useRef<HTMLFormElement>(null);
  const add = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async () => {
        formRef.current?.reset();
        await invalidate();
      },
    }),
  );
  const errors = toFormErrors(add.error, fields);

  return (
    <form
      ref={formRef}
      className="form form-inline"
      noValidate
      onSubmit={(event) => add.mutate(readForm(event, fields))}
    >
      {add.isSuccess ? (
        <Alert tone="success">
          Invited {add.data.email} as {add.data.role}. They join when they accept the link we mailed them.
        </Alert>
      ) : null}
      <FormError message={errors.general} />
      <div className="form-row">
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          placeholder="colleague@example.com"
          hint="An account is made for them when they accept, if they have none."
          error={errors.fields['email']}
        />
        <SelectField label="Role" name="role" defaultValue={defaultRole(roles)} error={errors.fields['role']}>
          {roles.map((role) => (
            <option key={role.id} value={role.name}>
              {role.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-actions">
        <Button type="submit" pending={add.isPending} pendingLabel="Adding…">
          Invite
        </Button>
      </div>
    </form>
  );
}
