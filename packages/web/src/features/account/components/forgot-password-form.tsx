import { useMutation } from '@tanstack/react-query';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['email'] as const;

/** Asks for a mailed link to set a new password; says the same whether or not the address is known. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const errors = toFormErrors(request.error, fields);
  if (request.isSuccess) return <Alert tone="success">{request.data.message}</Alert>;
  return (
    <form className="form" noValidate onSubmit={(event) => request.mutate(readForm(event, fields))}>
      <FormError message={errors.general} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        hint="We mail a link to set a new password; it works once, for one hour."
        error={errors.fields['email']}
      />
      <Button type="submit" pending={request.isPending} pendingLabel="Sending…">
        Send the link
      </Button>
    </form>
  );
}
