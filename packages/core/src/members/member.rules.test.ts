import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error.js';
import { assertKeepsAnOwner, assertMayTouchOwnerRole } from './member.rules.js';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('assertKeepsAnOwner', () => {
  it('refuses to remove the last Owner', () => {
    expect(() => assertKeepsAnOwner('Owner', null, 1)).toThrow(DomainError);
    expect(codeOf(() => assertKeepsAnOwner('Owner', null, 1))).toBe('LAST_OWNER');
  });

  it('refuses to demote the last Owner, naming the role field', () => {
    try {
      assertKeepsAnOwner('Owner', 'Admin', 1);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'LAST_OWNER', field: 'role' });
    }
  });

  it('names the userId field when removing', () => {
    expect(() => assertKeepsAnOwner('Owner', null, 1)).toThrow(expect.objectContaining({ field: 'userId' }));
  });

  it('lets one of two Owners be demoted or removed', () => {
    expect(codeOf(() => assertKeepsAnOwner('Owner', 'Admin', 2))).toBeUndefined();
    expect(codeOf(() => assertKeepsAnOwner('Owner', null, 2))).toBeUndefined();
  });

  it('does not care about other roles or Owner to Owner', () => {
    expect(codeOf(() => assertKeepsAnOwner('Admin', null, 1))).toBeUndefined();
    expect(codeOf(() => assertKeepsAnOwner('Viewer', 'Admin', 0))).toBeUndefined();
    expect(codeOf(() => assertKeepsAnOwner('Owner', 'Owner', 1))).toBeUndefined();
  });
});

describe('assertMayTouchOwnerRole', () => {
  it('lets only an Owner grant the Owner role', () => {
    expect(codeOf(() => assertMayTouchOwnerRole('Admin', null, 'Owner'))).toBe('OWNER_ONLY');
    expect(codeOf(() => assertMayTouchOwnerRole('Admin', 'Viewer', 'Owner'))).toBe('OWNER_ONLY');
    expect(codeOf(() => assertMayTouchOwnerRole('Owner', 'Viewer', 'Owner'))).toBeUndefined();
  });

  it('lets only an Owner change or remove an Owner', () => {
    expect(codeOf(() => assertMayTouchOwnerRole('Admin', 'Owner', 'Viewer'))).toBe('OWNER_ONLY');
    expect(codeOf(() => assertMayTouchOwnerRole('Admin', 'Owner', null))).toBe('OWNER_ONLY');
    expect(codeOf(() => assertMayTouchOwnerRole('Owner', 'Owner', null))).toBeUndefined();
  });

  it('lets anyone else handle non-Owner roles', () => {
    expect(codeOf(() => assertMayTouchOwnerRole('Admin', 'Viewer', 'Developer'))).toBeUndefined();
    expect(codeOf(() => assertMayTouchOwnerRole('Admin', 'Developer', null))).toBeUndefined();
  });
});
