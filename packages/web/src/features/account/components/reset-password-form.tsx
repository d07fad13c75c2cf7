import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { mismatch, NewPasswordFields } from './new-password-fields';

const fields = ['password', 'repeat', 'token'] as const;

/** Sets a new password with the mailed link's token; every session of the account ends. */
export function ResetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [problem, setProblem] = useState<string>();
  const confirm = useMutation(trpc.auth.confirmPasswordReset.mutationOptions());
  const errors = toFormErrors(confirm.error, fields);
  if (!token) return <Alert>This link has no token: open the whole link from the mail, or ask for a new one.</Alert>;
  if (confirm.isSuccess) {
    return (
      <Alert tone="success">
        Your new password is set, and every session of your account has ended. <Link to="/login">Sign in</Link>
      </Alert>
    );
  }
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        const differs = mismatch(values.password, values.repeat);
        setProblem(differs);
        if (!differs) confirm.mutate({ token, password: values.password });
      }}
    >
      <FormError message={problem ?? errors.fields['token'] ?? errors.general} />
      <NewPasswordFields name="password" label="New password" error={errors.fields['password']} />
      <Button type="submit" pending={confirm.isPending} pendingLabel="Saving…">
        Set the new password
      </Button>
      {errors.fields['token'] ? (
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
    </form>
  );
}
