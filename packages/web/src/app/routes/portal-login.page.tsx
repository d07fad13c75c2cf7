import { Link } from 'react-router';
import { LoginForm } from '../../features/auth/components/login-form';
import { PortalCardFrame } from '../layout/portal-card-frame';

/** The portal's own sign-in page: its logo, login background and footer, and nothing of the platform. */
export function PortalLoginPage() {
  return (
    <PortalCardFrame title={(name) => `Sign in to ${name}`}>
      <LoginForm />
      <p className="centered-footer">
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
    </PortalCardFrame>
  );
}
