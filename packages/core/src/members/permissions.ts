/**
 * Every permission the platform checks. Names follow the product documents
 * (`manage:org_settings`, `manage:agency`, `view:agency`, ...).
 */
export const permissions = [
  'manage:org_settings',
  'view:audit_log',
  'view:members',
  'manage:members',
  'view:agency',
  'manage:agency',
  'view:topologies',
  'manage:topologies',
  'view:templates',
  'manage:templates',
  'view:servers',
  'manage:servers',
  'view:instances',
  'manage:instances',
] as const;

export type Permission = (typeof permissions)[number];

export const systemRoleNames = ['Owner', 'Admin', 'Developer', 'Viewer'] as const;
export type SystemRoleName = (typeof systemRoleNames)[number];

/** Where a role is listed: system roles from most to least powerful, custom roles after them. */
export function systemRoleRank(name: string): number {
  const rank = (systemRoleNames as readonly string[]).indexOf(name);
  return rank === -1 ? systemRoleNames.length : rank;
}

// The audit log holds addresses and emails: Owners and Admins only.
const viewPermissions = permissions.filter((p) => p.startsWith('view:') && p !== 'view:audit_log');

/**
 * The default role → permission table. Each new organization gets a copy of these roles.
 * Owner and Admin differ in what no permission grants: only an Owner deletes the
 * organization or gives and takes the Owner role.
 */
export const defaultRolePermissions: Readonly<Record<SystemRoleName, readonly Permission[]>> = {
  Owner: permissions,
  Admin: permissions,
  Developer: [...viewPermissions, 'manage:topologies', 'manage:templates', 'manage:instances'],
  Viewer: viewPermissions,
};

/** True when `name` is one of the permissions above. */
export function isPermission(name: string): name is Permission {
  return (permissions as readonly string[]).includes(name);
}

/** True when the granted list contains `permission`. */
export function hasPermission(granted: readonly string[], permission: Permission): boolean {
  return granted.includes(permission);
}
