import { useMutation } from '@tanstack/react-query';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { getLogoutNotice, setToken } from '../../../lib/auth';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['email', 'password'] as const;

export function LoginForm() {
  const trpc = useTRPC();
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: (result) => setToken(result.token) }));
  const errors = toFormErrors(login.error, fields);
  const notice = getLogoutNotice();

  return (
    <form className="form" noValidate onSubmit={(event) => login.mutate(readForm(event, fields))}>
      {notice && !login.error ? <Alert tone="info">{notice}</Alert> : null}
      <FormError message={errors.general} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.fields['email']} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.fields['password']}
      />
      <Button type="submit" pending={login.isPending} pendingLabel="Signing in…">
        Log in
      </Button>
    </form>
  );
}
