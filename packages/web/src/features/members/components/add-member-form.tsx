import { describeRole, type Role } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
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
export function AddMemberForm({
  roles,
  audience = 'platform',
}: {
  roles: readonly Role[];
  audience?: 'platform' | 'client';
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidateMembers();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const [role, setRole] = useState(() => defaultRole(roles));
  const chosen = roles.find((r) => r.name === role);
  const add = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async (invitation) => {
        notify(
          `Invited ${invitation.email} as ${invitation.role}. They join when they accept the link we mailed them.`,
        );
        formRef.current?.reset();
        setRole(defaultRole(roles));
        await invalidate();
      },
    }),
  );
  const errors = toFormErrors(add.error, fields);

  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form form-inline"
      noValidate
      onSubmit={(event) => add.mutate(readForm(event, fields))}
    >
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
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(event) => setRole(event.target.value)}
          hint={chosen ? describeRole(chosen, audience) : undefined}
          error={errors.fields['role']}
        >
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
