import type { Permission } from '@ocore/core';

export interface NavItem {
  path: string;
  label: string;
  /** Shown only to users whose role grants it. */
  permission?: Permission;
  /** Set for sections that later work fills in; the page says what they will do. */
  comingSoon?: string;
  /** The letter that, after `g`, goes to the page (see app/command). */
  shortcut?: string;
}

export const navItems: readonly NavItem[] = [
  { path: '/', label: 'Overview', shortcut: 'h' },
  { path: '/org', label: 'Organization', shortcut: 'o' },
  { path: '/members', label: 'Members', shortcut: 'm' },
  { path: '/agency', label: 'Agency', shortcut: 'a' },
  { path: '/instances', label: 'Instances', permission: 'view:instances', shortcut: 'i' },
  { path: '/projects', label: 'Projects', permission: 'view:instances', shortcut: 'p' },
  { path: '/servers', label: 'Servers', permission: 'view:servers', shortcut: 's' },
  { path: '/backup-destinations', label: 'Backup destinations', permission: 'view:servers', shortcut: 'b' },
  { path: '/templates', label: 'Templates', permission: 'view:templates', shortcut: 't' },
  { path: '/topologies', label: 'Topologies', permission: 'view:topologies', shortcut: 'y' },
  { path: '/settings', label: 'Settings', shortcut: 'e' },
  { path: '/notifications', label: 'Notifications', permission: 'manage:org_settings', shortcut: 'n' },
  { path: '/audit-log', label: 'Audit log', shortcut: 'l' },
  { path: '/account/passkeys', label: 'Passkeys', shortcut: 'k' },
];
