import type { Me, Permission } from '@ocore/core';
import { hasPermission } from '../../lib/use-me';
import { navItems } from '../layout/nav-items';

export interface Command {
  id: string;
  label: string;
  group: 'Pages' | 'Actions';
  /** Where it goes; `#new` asks the page to focus its "new" form. */
  to: string;
  /** Keys that do the same from anywhere, for the palette to show. */
  keys?: string[];
  keywords?: string[];
}

interface Candidate extends Command {
  permission?: Permission;
}

const morePages: Candidate[] = [
  {
    id: 'page:/agency/clients',
    label: 'Agency · Clients',
    group: 'Pages',
    to: '/agency/clients',
    permission: 'view:agency',
  },
  {
    id: 'page:/agency/branding',
    label: 'Agency · Branding',
    group: 'Pages',
    to: '/agency/branding',
    permission: 'view:agency',
  },
  {
    id: 'page:/agency/portal',
    label: 'Agency · Client portal',
    group: 'Pages',
    to: '/agency/portal',
    permission: 'view:agency',
  },
  {
    id: 'page:/agency/domains',
    label: 'Agency · Portal domains',
    group: 'Pages',
    to: '/agency/domains',
    permission: 'view:agency',
  },
  {
    id: 'page:/account',
    label: 'Account',
    group: 'Pages',
    to: '/account',
    keywords: ['password', 'sessions', 'api keys'],
  },
];

const actions: Candidate[] = [
  { id: 'new:server', label: 'Add a server', group: 'Actions', to: '/servers#new', permission: 'manage:servers' },
  {
    id: 'new:client',
    label: 'Create a client',
    group: 'Actions',
    to: '/agency/clients#new',
    permission: 'manage:agency',
  },
  {
    id: 'new:template',
    label: 'Create a template',
    group: 'Actions',
    to: '/templates#new',
    permission: 'manage:templates',
  },
  {
    id: 'new:topology',
    label: 'Create a topology',
    group: 'Actions',
    to: '/topologies#new',
    permission: 'manage:topologies',
  },
  {
    id: 'new:instance',
    label: 'Provision an instance',
    group: 'Actions',
    to: '/instances#new',
    permission: 'manage:instances',
  },
  { id: 'new:member', label: 'Invite a member', group: 'Actions', to: '/members#new', permission: 'manage:members' },
  { id: 'new:organization', label: 'Create an organization', group: 'Actions', to: '/organizations/new' },
];

/** The pages and actions the palette offers the user: those their role allows. */
export function commandsFor(me: Me | undefined): Command[] {
  const pages: Candidate[] = navItems.map((item) => ({
    id: `page:${item.path}`,
    label: item.label,
    group: 'Pages',
    to: item.path,
    ...(item.permission ? { permission: item.permission } : {}),
    ...(item.shortcut ? { keys: ['g', item.shortcut] } : {}),
  }));
  return [...pages, ...morePages, ...actions]
    .filter((command) => !command.permission || hasPermission(me, command.permission))
    .map(({ permission: _permission, ...command }) => command);
}
