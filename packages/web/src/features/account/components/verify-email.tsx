import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { messageOf } from '../../../lib/errors';
import { useToken } from '../../../lib/auth';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateMe } from '../api/use-invalidate-me';
import { ResendVerificationButton } from './resend-verification-button';

/** Proves the address with the mailed link as soon as the page opens (signed in or not). */
export function VerifyEmail({ token }: { token: string }) {
  const trpc = useTRPC();
  const signedIn = useToken() !== null;
  const invalidateMe = useInvalidateMe();
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions({ onSuccess: () => invalidateMe() }));
  const started = useRef(false);
  useEffect(() => {
    // The link works once: a second request (a re-render) would only be refused.
    if (!token || started.current) return;
    started.current = true;
    verify.mutate({ token });
  }, [token, verify]);

  if (!token) return <Alert>This link has no token: open the whole link from the mail.</Alert>;
  if (verify.isSuccess) {
    return (
      <Alert tone="success">
        Your email address is confirmed. <Link to="/">Continue</Link>
      </Alert>
    );
  }
  if (verify.isError) {
    return (
      <div className="form">
        <Alert>{messageOf(verify.error)}</Alert>
        {signedIn ? <ResendVerificationButton /> : <Link to="/login">Sign in to ask for a new link</Link>}
      </div>
    );
  }
  return (
    <p role="status" className="muted">
      Confirming your address…
    </p>
  );
}
