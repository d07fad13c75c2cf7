import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Alert, FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field } from '../../../components/field';
import { setToken, useToken } from '../../../lib/auth';
import { toFormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';

const fields = ['name', 'password', 'token'] as const;

/**
 * Accepts an invitation: signed in, with one click (the invitation must be to this account's
 * address); otherwise with a name and a new password for a new account, or the password of
 * the account that has the address. Then opens the organization joined.
 */
export function AcceptInvitationForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const signedIn = useToken() !== null;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.auth.acceptInvitation.mutationOptions({
      onSuccess: async (result) => {
        setToken(result.token);
        await queryClient.invalidateQueries();
        await navigate('/', { replace: true });
      },
    }),
  );
  const errors = toFormErrors(accept.error, fields);
  if (!token) return <Alert>This link has no token: open the whole link from the mail.</Alert>;
  const problem = <FormError message={errors.fields['token'] ?? errors.general} />;
  if (signedIn) {
    return (
      <div className="form">
        {problem}
        <p>You join with the account you are signed in with.</p>
        <Button pending={accept.isPending} pendingLabel="Joining…" onClick={() => accept.mutate({ token })}>
          Accept the invitation
        </Button>
      </div>
    );
  }
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        const { name, password } = readForm(event, fields);
        accept.mutate({ token, password, ...(name.trim() ? { name: name.trim() } : {}) });
      }}
    >
      {problem}
      <p className="muted">
        New here? Choose your name and a password. Already have an account with this address? Enter its password.
      </p>
      <Field label="Your name" name="name" autoComplete="name" error={errors.fields['name']} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters, and not one of the most common passwords."
        error={errors.fields['password']}
      />
      <Button type="submit" pending={accept.isPending} pendingLabel="Joining…">
        Accept the invitation
      </Button>
    </form>
  );
}
