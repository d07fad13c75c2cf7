import { useMutation } from '@tanstack/react-query';
import { Button } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';

/** Mails the signed-in user a new verification link, and says so. */
export function ResendVerificationButton() {
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendEmailVerification.mutationOptions());
  return (
    <span className="row-action">
      <Button
        size="sm"
        variant="secondary"
        pending={resend.isPending}
        pendingLabel="Sending…"
        disabled={resend.isSuccess}
        onClick={() => resend.mutate()}
      >
        Send the link again
      </Button>
      {resend.isSuccess ? <span role="status">{resend.data.message}</span> : null}
      {resend.error ? <span className="field-error">{messageOf(resend.error)}</span> : null}
    </span>
  );
}
