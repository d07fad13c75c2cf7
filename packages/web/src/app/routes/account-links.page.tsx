import { useLocation } from 'react-router';
import { AcceptInvitationForm } from '../../features/account/components/accept-invitation-form';
import { ForgotPasswordForm } from '../../features/account/components/forgot-password-form';
import { ResetPasswordForm } from '../../features/account/components/reset-password-form';
import { VerifyEmail } from '../../features/account/components/verify-email';
import { linkTokenOf } from '../../features/account/utils/link-token';
import { PublicFrame } from '../layout/public-frame';

/* The pages mailed links open, and the request for one; signed in or not, in the portal's brand on its host. */

export function ForgotPasswordPage() {
  return (
    <PublicFrame title={(portal) => `Forgot your ${portal ?? 'oCore'} password?`}>
      <ForgotPasswordForm />
    </PublicFrame>
  );
}

export function ResetPasswordPage() {
  const { hash } = useLocation();
  return (
    <PublicFrame title={() => 'Set a new password'}>
      <ResetPasswordForm token={linkTokenOf(hash)} />
    </PublicFrame>
  );
}

export function InvitePage() {
  const { hash } = useLocation();
  return (
    <PublicFrame title={(portal) => (portal ? `Join ${portal}` : 'Accept your invitation')}>
      <AcceptInvitationForm token={linkTokenOf(hash)} />
    </PublicFrame>
  );
}

export function VerifyEmailPage() {
  const { hash } = useLocation();
  return (
    <PublicFrame title={() => 'Confirm your email address'}>
      <VerifyEmail token={linkTokenOf(hash, 'verify')} />
    </PublicFrame>
  );
}

/** The routes above, the same on the dashboard and on a portal. */
export const accountLinkRoutes = [
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/invite', element: <InvitePage /> },
  { path: '/verify-email', element: <VerifyEmailPage /> },
];
