import { useMutation } from '@tanstack/react-query';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { setToken } from '../../../lib/auth';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['name', 'email', 'password'] as const;

/** Creates the account and its first organization, then signs in. */
export function SignupForm() {
  const trpc = useTRPC();
  const signup = useMutation(trpc.auth.signup.mutationOptions({ onSuccess: (result) => setToken(result.token) }));
  const errors = toFormErrors(signup.error, fields);

  return (
    <form className="form" noValidate onSubmit={(event) => signup.mutate(readForm(event, fields))}>
      <FormError message={errors.general} />
      <Field label="Your name" name="name" autoComplete="name" required error={errors.fields['name']} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.fields['email']} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.fields['password']}
      />
      <Button type="submit" pending={signup.isPending} pendingLabel="Creating account…">
        Create account
      </Button>
    </form>
  );
}
