import { Alert } from '../../../components/alert';
import { useMe } from '../../../lib/use-me';
import { ResendVerificationButton } from './resend-verification-button';

/** Until the user opens the link mailed at sign-up: what waits for it, and a way to get a new link. */
export function EmailVerificationBanner() {
  const me = useMe();
  if (!me.data || me.data.user.emailVerified) return null;
  return (
    <div className="flash">
      <Alert tone="info">
        <p>
          Confirm your email address: open the link we mailed to <strong>{me.data.user.email}</strong>. Until then you
          cannot create API keys.
        </p>
        <ResendVerificationButton />
      </Alert>
    </div>
  );
}
