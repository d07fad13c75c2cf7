import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { Page } from '../../../components/layout';
import { cx } from '../../../lib/cx';

const tabs = [
  { to: '/agency', label: 'Overview' },
  { to: '/agency/clients', label: 'Clients' },
  { to: '/agency/branding', label: 'Branding' },
  { to: '/agency/portal', label: 'Client portal' },
  { to: '/agency/domains', label: 'Portal domains' },
] as const;

export interface AgencyPageProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** A page of the agency section, with the section's tabs under its title. */
export function AgencyPage({ title, description, children }: AgencyPageProps) {
  return (
    <Page title={title} description={description}>
      <nav aria-label="Agency" className="tabs">
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end className={({ isActive }) => cx('tab', isActive && 'active')}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      {children}
    </Page>
  );
}
