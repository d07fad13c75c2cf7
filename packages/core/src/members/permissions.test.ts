import { describe, expect, it } from 'vitest';
import { defaultRolePermissions, hasPermission, isPermission, permissions, systemRoleNames } from './permissions.js';

describe('default role permissions', () => {
  it('has exactly the four system roles', () => {
    expect(Object.keys(defaultRolePermissions).sort()).toEqual([...systemRoleNames].sort());
  });

  it.each(['Owner', 'Admin'] as const)('gives %s every permission', (role) => {
    expect([...defaultRolePermissions[role]].sort()).toEqual([...permissions].sort());
  });

  it('lets a Developer manage topologies and templates but not settings, agency or members', () => {
    const developer = defaultRolePermissions.Developer;
    expect(hasPermission(developer, 'manage:topologies')).toBe(true);
    expect(hasPermission(developer, 'manage:templates')).toBe(true);
    expect(hasPermission(developer, 'manage:org_settings')).toBe(false);
    expect(hasPermission(developer, 'manage:agency')).toBe(false);
    expect(hasPermission(developer, 'manage:members')).toBe(false);
  });

  it('lets a Developer view everything but the audit log', () => {
    for (const p of permissions.filter((name) => name.startsWith('view:') && name !== 'view:audit_log')) {
      expect(hasPermission(defaultRolePermissions.Developer, p)).toBe(true);
    }
    expect(hasPermission(defaultRolePermissions.Developer, 'view:audit_log')).toBe(false);
  });

  it('keeps the audit log (addresses, emails) to Owners and Admins', () => {
    expect(hasPermission(defaultRolePermissions.Owner, 'view:audit_log')).toBe(true);
    expect(hasPermission(defaultRolePermissions.Admin, 'view:audit_log')).toBe(true);
    expect(hasPermission(defaultRolePermissions.Viewer, 'view:audit_log')).toBe(false);
  });

  it('gives a Viewer every view: permission but the audit log, and nothing else', () => {
    const viewer = defaultRolePermissions.Viewer;
    expect(viewer.length).toBeGreaterThan(0);
    expect(viewer.every((p) => p.startsWith('view:'))).toBe(true);
    expect([...viewer].sort()).toEqual(
      permissions.filter((p) => p.startsWith('view:') && p !== 'view:audit_log').sort(),
    );
  });

  it('lists only known permissions, each once', () => {
    for (const role of systemRoleNames) {
      const granted = defaultRolePermissions[role];
      expect(
        granted.every((p) => isPermission(p)),
        role,
      ).toBe(true);
      expect(new Set(granted).size, role).toBe(granted.length);
    }
  });
});

describe('isPermission / hasPermission', () => {
  it('knows listed permissions only', () => {
    expect(isPermission('manage:members')).toBe(true);
    expect(isPermission('manage:everything')).toBe(false);
    expect(isPermission('MANAGE:MEMBERS')).toBe(false);
  });

  it('checks the granted list', () => {
    expect(hasPermission(['view:members'], 'view:members')).toBe(true);
    expect(hasPermission(['view:members'], 'manage:members')).toBe(false);
    expect(hasPermission([], 'view:members')).toBe(false);
  });
});
