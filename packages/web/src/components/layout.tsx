import { useId, type ReactNode } from 'react';
import { cx } from '../lib/cx';

export interface LayoutProps {
  brand: ReactNode;
  header: ReactNode;
  nav: ReactNode;
  children: ReactNode;
}

/** The dashboard shell: sidebar on wide screens, stacked bars on narrow ones. */
export function Layout({ brand, header, nav, children }: LayoutProps) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-top">
        <div className="shell-brand">{brand}</div>
        <div className="shell-header">{header}</div>
      </header>
      <nav className="shell-nav" aria-label="Main">
        {nav}
      </nav>
      <main className="shell-main" id="main">
        {children}
      </main>
    </div>
  );
}

/** A centred column for the pages outside the shell (sign-in, sign-up). */
export function CenteredLayout({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  return (
    <main className="centered">
      <div className="centered-brand">{brand}</div>
      <div className="card centered-card">{children}</div>
    </main>
  );
}

export interface PageProps {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

export function Page({ title, description, actions, children }: PageProps) {
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          {description ? <p className="page-description">{description}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}

export interface SectionProps {
  title: string;
  description?: ReactNode;
  tone?: 'danger';
  children: ReactNode;
}

export function Section({ title, description, tone, children }: SectionProps) {
  const headingId = useId();
  return (
    <section className={cx('card', tone === 'danger' && 'card-danger')} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {description ? <p className="section-description">{description}</p> : null}
      {children}
    </section>
  );
}

/** A line saying data is on its way. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
