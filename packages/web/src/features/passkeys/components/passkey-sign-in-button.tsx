import { Alert } from '../../../components/alert';
import { Button, type ButtonVariant } from '../../../components/button';
import { messageOf } from '../../../lib/errors';
import { usePasskeySignIn } from '../api/use-passkey-sign-in';

export interface PasskeySignInButtonProps {
  /** The organization to go on in, when it is not the user's first. */
  continueIn?: string | null;
  variant?: ButtonVariant;
}

/** "Sign in with a passkey": the browser offers this site's passkeys on the device; a failure shows after it. */
export function PasskeySignInButton({ continueIn = null, variant = 'secondary' }: PasskeySignInButtonProps) {
  const signIn = usePasskeySignIn(continueIn);
  return (
    <>
      <Button
        variant={variant}
        pending={signIn.isPending}
        pendingLabel="Waiting for your passkey…"
        onClick={() => signIn.mutate()}
      >
        Sign in with a passkey
      </Button>
      {signIn.error ? <Alert>{messageOf(signIn.error)}</Alert> : null}
    </>
  );
}
