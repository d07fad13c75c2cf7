import { describeRole, type Member, type Role } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { useToast } from '../../../components/toast';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateMembers } from '../api/use-invalidate-members';

/** Changes a member's role once the change is confirmed, and says when it is saved. */
export function MemberRoleSelect({
  member,
  roles,
  audience = 'platform',
}: {
  member: Member;
  roles: readonly Role[];
  audience?: 'platform' | 'client';
}) {
  const trpc = useTRPC();
  const id = useId();
  const notify = useToast();
  const invalidate = useInvalidateMembers();
  const [asked, setAsked] = useState<string | null>(null);
  const setRole = useMutation(
    trpc.members.setRole.mutationOptions({
      onSuccess: async (_, { role }) => {
        await invalidate();
        notify(`Saved: ${member.name} is now ${role}.`);
      },
    }),
  );
  const errors = toFormErrors(setRole.error, ['role']);
  const error = errors.fields['role'] ?? errors.general;
  const askedRole = roles.find((role) => role.name === asked);

  return (
    <div className="inline-field">
      <label htmlFor={id} className="visually-hidden">
        Role of {member.name}
      </label>
      <select
        id={id}
        value={asked ?? (setRole.isPending ? setRole.variables.role : member.role)}
        disabled={setRole.isPending}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setAsked(event.target.value === member.role ? null : event.target.value)}
      >
        {roles.map((role) => (
          <option key={role.id} value={role.name}>
            {role.name}
          </option>
        ))}
      </select>
      {asked ? (
        <ConfirmDialog
          title={`Make ${member.name} ${asked}?`}
          confirmLabel="Change role"
          onConfirm={() => {
            setRole.mutate({ userId: member.userId, role: asked });
            setAsked(null);
          }}
          onCancel={() => setAsked(null)}
        >
          <p>
            {member.name} goes from {member.role} to {asked}.{' '}
            {askedRole ? `As ${asked}: ${describeRole(askedRole, audience)}` : null}
          </p>
        </ConfirmDialog>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
