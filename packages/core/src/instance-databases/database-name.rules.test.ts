import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/domain-error.js';
import { isInstanceDatabaseName, requireDatabaseName } from './database-name.rules.js';

const role = 'odoo_0123456789ab';
const refusal = (name: string): string => {
  try {
    requireDatabaseName(role, name);
  } catch (err) {
    if (isDomainError(err, 'INVALID_INPUT')) return err.message;
    throw err;
  }
  throw new Error(`${name} was not refused`);
};

describe('database names', () => {
  it("takes Odoo's characters under the instance's prefix", () => {
    expect(requireDatabaseName(role, role)).toBe(role);
    expect(requireDatabaseName(role, `${role}_staging-2.old`)).toBe(`${role}_staging-2.old`);
  });

  it('refuses what could break out of SQL or a path, and names of others', () => {
    expect(refusal(`${role}_x"; drop table y; --`)).toMatch(/^name: may hold only/);
    expect(refusal(`${role}_x y`)).toMatch(/^name: may hold only/);
    expect(refusal(`${role}_../x`)).toMatch(/^name: may hold only/);
    expect(refusal(`${role}_x\0`)).toMatch(/^name: may hold only/);
    expect(refusal('_x')).toMatch(/^name: may hold only/);
    expect(refusal('postgres')).toContain(`must start with ${role}_`);
    expect(refusal('odoo_ffffffffffff')).toContain('must start with');
    expect(refusal(`${role}x`)).toContain('must start with');
    expect(refusal(`${role}_${'a'.repeat(60)}`)).toContain('at most 63');
  });

  it('names the field', () => {
    expect(() => requireDatabaseName(role, 'x', 'newName')).toThrow(/^newName: /);
    expect(isInstanceDatabaseName(role, 'template1')).toBe(false);
  });
});
