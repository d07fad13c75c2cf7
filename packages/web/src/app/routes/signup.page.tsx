import { Link } from 'react-router';
import { CenteredLayout } from '../../components/layout';
import { SignupForm } from '../../features/auth/components/signup-form';
import { Brand } from '../layout/brand';

export function SignupPage() {
  return (
    <CenteredLayout brand={<Brand />}>
      <h1>Create your account</h1>
      <p className="muted">Your first organization is created with it; you can add more later.</p>
      <SignupForm />
      <p className="centered-footer">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </CenteredLayout>
  );
}
