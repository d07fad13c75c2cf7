import { Link } from 'react-router';
import { CenteredLayout } from '../../components/layout';
import { LoginForm } from '../../features/auth/components/login-form';
import { PasskeySignInButton } from '../../features/passkeys/components/passkey-sign-in-button';
import { Brand } from '../layout/brand';

export function LoginPage() {
  return (
    <CenteredLayout brand={<Brand />}>
      <h1>Log in</h1>
      <LoginForm />
      <p>
        <Link to="/forgot-password">Forgot password?</Link>
      </p>
      <div className="login-alternative">
        <PasskeySignInButton />
      </div>
      <p className="centered-footer">
        New to oCore? <Link to="/signup">Create an account</Link>
      </p>
    </CenteredLayout>
  );
}
