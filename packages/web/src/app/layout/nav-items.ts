export interface NavItem {
  path: string;
  label: string;
  /** Set for sections that later work fills in; the page says what they will do. */
  comingSoon?: string;
}

export const navItems: readonly NavItem[] = [
  { path: '/org', label: 'Organization' },
  { path: '/members', label: 'Members' },
  { path: '/agency', label: 'Agency' },
  {
    path: '/topologies',
    label: 'Topologies',
    comingSoon: 'Describe how Odoo instances are laid out across servers, from a single box to split database setups.',
  },
  {
    path: '/templates',
    label: 'Templates',
    comingSoon: 'Reusable instance templates with modules and settings, to start new client projects in minutes.',
  },
  { path: '/settings', label: 'Settings' },
  { path: '/audit-log', label: 'Audit log' },
];
