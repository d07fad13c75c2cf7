import { describe, expect, it } from 'vitest';
import { defaultRolePermissions } from './permissions.js';
import { describeRole } from './role-descriptions.js';

describe('describeRole', () => {
  it('says what each system role may do, without a permission key', () => {
    const viewer = describeRole({ name: 'Viewer', permissions: defaultRolePermissions.Viewer });
    expect(viewer).toBe(
      'Can see the team, the Odoo instances, the servers, the templates, the topologies and the agency and its clients.',
    );
    const developer = describeRole({ name: 'Developer', permissions: defaultRolePermissions.Developer });
    expect(developer).toContain('can create, start, stop and change the Odoo instances');
    expect(developer).not.toContain('invite');
    const admin = describeRole({ name: 'Admin', permissions: defaultRolePermissions.Admin });
    expect(admin).toContain('invite and remove people and change their roles');
    expect(admin).toContain('the activity log');
    expect(admin).not.toContain('Only an Owner');
    expect(describeRole({ name: 'Owner', permissions: defaultRolePermissions.Owner })).toContain(
      'Only an Owner can delete the organization or hand it over.',
    );
    for (const name of ['Owner', 'Admin', 'Developer', 'Viewer'] as const) {
      expect(describeRole({ name, permissions: defaultRolePermissions[name] })).not.toMatch(/\w+:\w+/);
    }
  });

  it('counts a manage permission as seeing too, and says when a role grants nothing', () => {
    expect(describeRole({ name: 'Custom', permissions: ['manage:members'] })).toBe(
      'Can see the team; can invite and remove people and change their roles.',
    );
    expect(describeRole({ name: 'Empty', permissions: [] })).toBe('Cannot see or change anything yet.');
  });
});

describe('describeRole for a client', () => {
  it('leaves out what a client portal does not have (agency, templates, topologies)', () => {
    expect(describeRole({ name: 'Viewer', permissions: defaultRolePermissions.Viewer }, 'client')).toBe(
      'Can see the team, the Odoo instances and the servers.',
    );
  });
});
