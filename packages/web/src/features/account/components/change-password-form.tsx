import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { mismatch, NewPasswordFields } from './new-password-fields';

const fields = ['currentPassword', 'newPassword', 'repeat'] as const;

/** Changes the password after checking the current one; the user's other sessions end. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const [problem, setProblem] = useState<string>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async (result) => {
        notify(`Password changed. ${result.ended === 1 ? '1 other session' : `${result.ended} other sessions`} ended.`);
        formRef.current?.reset();
        await onChanged();
      },
    }),
  );
  const errors = toFormErrors(change.error, fields);
  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        const differs = mismatch(values.newPassword, values.repeat);
        setProblem(differs);
        if (!differs) change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      }}
    >
      <FormError message={problem ?? errors.general} />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={errors.fields['currentPassword']}
      />
      <NewPasswordFields name="newPassword" label="New password" error={errors.fields['newPassword']} />
      <Button type="submit" pending={change.isPending} pendingLabel="Saving…">
        Change password
      </Button>
    </form>
  );
}
