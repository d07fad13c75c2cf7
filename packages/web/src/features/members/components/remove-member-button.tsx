import type { Member } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { ConfirmButton } from '../../../components/confirm-button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { useMoveOutOfOrg } from '../../../lib/use-move-out-of-org';
import { useInvalidateMembers } from '../api/use-invalidate-members';

export interface RemoveMemberButtonProps {
  member: Member;
  isSelf: boolean;
  organizationName: string;
}

/** Removes a member, or lets the user leave; asks first. */
export function RemoveMemberButton({ member, isSelf, organizationName }: RemoveMemberButtonProps) {
  const trpc = useTRPC();
  const invalidate = useInvalidateMembers();
  const moveOut = useMoveOutOfOrg();
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => (isSelf ? moveOut(`You left “${organizationName}”.`) : invalidate()),
    }),
  );
  return (
    <div className="row-action">
      <ConfirmButton
        label={isSelf ? 'Leave' : 'Remove'}
        question={isSelf ? 'Leave this organization?' : `Remove ${member.name}?`}
        confirmLabel={isSelf ? 'Leave' : 'Remove'}
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ userId: member.userId })}
      />
      {remove.error ? <p className="field-error">{messageOf(remove.error)}</p> : null}
    </div>
  );
}
