import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link } from 'react-router';
import { cx } from '../lib/cx';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  /** Disables the button and shows `pendingLabel` while a request runs. */
  pending?: boolean;
  pendingLabel?: ReactNode;
}

function buttonClass(variant: ButtonVariant, size: 'md' | 'sm', className?: string): string {
  return cx('btn', `btn-${variant}`, size === 'sm' && 'btn-sm', className);
}

export function Button({
  variant = 'primary',
  size = 'md',
  pending = false,
  pendingLabel,
  disabled,
  className,
  children,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass(variant, size, className)}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...rest}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export interface ButtonLinkProps {
  to: string;
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  children: ReactNode;
}

/** A link that looks like a button, for navigation actions. */
export function ButtonLink({ to, variant = 'primary', size = 'md', children }: ButtonLinkProps) {
  return (
    <Link to={to} className={buttonClass(variant, size)}>
      {children}
    </Link>
  );
}
