import type { ReactNode } from 'react';

export interface AlertProps {
  tone?: 'error' | 'success' | 'info' | 'warning';
  children: ReactNode;
}

/** A message about a whole form or page; errors are announced to screen readers. */
export function Alert({ tone = 'error', children }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** The general error of a form, when there is one. */
export function FormError({ message }: { message: string | null }) {
  return message ? <Alert>{message}</Alert> : null;
}
