import type { Permission } from './permissions.js';

/** What each area of the platform is called for the people who use it, not its permission key. */
const areas: readonly { name: string; view: Permission; manage?: Permission; changes?: string; agencyOnly?: true }[] = [
  {
    name: 'the team',
    view: 'view:members',
    manage: 'manage:members',
    changes: 'invite and remove people and change their roles',
  },
  {
    name: 'the Odoo instances',
    view: 'view:instances',
    manage: 'manage:instances',
    changes: 'create, start, stop and change the Odoo instances',
  },
  { name: 'the servers', view: 'view:servers', manage: 'manage:servers', changes: 'add and change servers' },
  {
    name: 'the templates',
    view: 'view:templates',
    manage: 'manage:templates',
    changes: 'create and change templates',
    agencyOnly: true,
  },
  {
    name: 'the topologies',
    view: 'view:topologies',
    manage: 'manage:topologies',
    changes: 'design and deploy topologies',
    agencyOnly: true,
  },
  {
    name: 'the agency and its clients',
    view: 'view:agency',
    manage: 'manage:agency',
    changes: 'run the agency and its clients',
    agencyOnly: true,
  },
  { name: 'the activity log', view: 'view:audit_log' },
];

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * What a role lets its members do, in one plain sentence for people who do not know the
 * permission keys, e.g. "Can see the team and the Odoo instances; can create, start, stop and
 * change the Odoo instances." Only an Owner deletes the organization or hands it over.
 */
export function describeRole(
  role: { name: string; permissions: readonly string[] },
  audience: 'platform' | 'client' = 'platform',
): string {
  const granted = new Set(role.permissions);
  // A client's portal has no agency, templates or topologies: its people are not told of them.
  const known = audience === 'client' ? areas.filter((area) => !area.agencyOnly) : areas;
  const sees = known.filter((area) => granted.has(area.view) || (area.manage && granted.has(area.manage)));
  const changes = known.filter((area) => area.manage && granted.has(area.manage)).map((area) => area.changes ?? '');
  if (granted.has('manage:org_settings')) changes.push('change the organization’s settings');
  const parts = [
    sees.length ? `can see ${listed(sees.map((area) => area.name))}` : '',
    changes.length ? `can ${listed(changes)}` : '',
  ].filter(Boolean);
  const sentence = parts.length ? `${parts.join('; ')}.` : 'cannot see or change anything yet.';
  const owner = role.name === 'Owner' ? ' Only an Owner can delete the organization or hand it over.' : '';
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${owner}`;
}
