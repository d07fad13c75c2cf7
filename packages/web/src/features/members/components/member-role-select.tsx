import type { Member, Role } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateMembers } from '../api/use-invalidate-members';

/** Changes a member's role as soon as another one is picked. */
export function MemberRoleSelect({ member, roles }: { member: Member; roles: readonly Role[] }) {
  const trpc = useTRPC();
  const id = useId();
  const invalidate = useInvalidateMembers();
  const setRole = useMutation(trpc.members.setRole.mutationOptions({ onSuccess: invalidate }));
  const errors = toFormErrors(setRole.error, ['role']);
  const error = errors.fields['role'] ?? errors.general;

  return (
    <div className="inline-field">
      <label htmlFor={id} className="visually-hidden">
        Role of {member.name}
      </label>
      <select
        id={id}
        value={setRole.isPending ? setRole.variables.role : member.role}
        disabled={setRole.isPending}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setRole.mutate({ userId: member.userId, role: event.target.value })}
      >
        {roles.map((role) => (
          <option key={role.id} value={role.name}>
            {role.name}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
