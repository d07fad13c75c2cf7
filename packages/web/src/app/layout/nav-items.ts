import type { Permission } from '@ocore/core';

export interface NavItem {
  path: string;
  label: string;
  /** Shown only to users whose role grants it. */
  permission?: Permission;
  /** Set for sections that later work fills in; the page says what they will do. */
  comingSoon?: string;
}

export const navItems: readonly NavItem[] = [
  { path: '/org', label: 'Organization' },
  { path: '/members', label: 'Members' },
  { path: '/agency', label: 'Agency' },
  { path: '/instances', label: 'Instances', permission: 'view:instances' },
  { path: '/projects', label: 'Projects', permission: 'view:instances' },
  { path: '/servers', label: 'Servers', permission: 'view:servers' },
  { path: '/templates', label: 'Templates', permission: 'view:templates' },
  { path: '/topologies', label: 'Topologies', permission: 'view:topologies' },
  { path: '/settings', label: 'Settings' },
  { path: '/audit-log', label: 'Audit log' },
  { path: '/account/passkeys', label: 'Passkeys' },
];
