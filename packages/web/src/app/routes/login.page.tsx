import { Link } from 'react-router';
import { CenteredLayout } from '../../components/layout';
import { LoginForm } from '../../features/auth/components/login-form';
import { Brand } from '../layout/brand';

export function LoginPage() {
  return (
    <CenteredLayout brand={<Brand />}>
      <h1>Log in</h1>
      <LoginForm />
      <p className="centered-footer">
        New to oCore? <Link to="/signup">Create an account</Link>
      </p>
    </CenteredLayout>
  );
}
