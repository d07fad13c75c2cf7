import { describe, expect, it } from 'vitest';
import { subscriptionCodeProblem } from './org-settings.rules.js';
import { isSupportedOdooVersion } from '../shared/odoo-versions.js';

describe('subscriptionCodeProblem', () => {
  it.each(['M2407151234567', 'abcd1234', '1-------', 'ODOO-2024-ABCD-0001', 'a'.repeat(64)])('accepts %s', (code) => {
    expect(subscriptionCodeProblem(code)).toBeUndefined();
  });

  it.each(['', 'abc', 'abcd123', 'a'.repeat(65)])('refuses %j for its length', (code) => {
    expect(subscriptionCodeProblem(code)).toBe('must be 8-64 characters');
  });

  it.each(['-abcdefg', 'abcd_1234', 'abcd 1234', 'abcd.1234', 'abcdé123', ' abcd1234', 'abcd1234\n'])(
    'refuses %j for its characters',
    (code) => {
      expect(subscriptionCodeProblem(code)).toBe('may contain only letters, digits and hyphens');
    },
  );

  it('counts the length before the characters', () => {
    expect(subscriptionCodeProblem('-_')).toBe('must be 8-64 characters');
  });
});

describe('isSupportedOdooVersion', () => {
  it.each(['16.0', '17.0', '18.0', '19.0'])('supports %s', (version) => {
    expect(isSupportedOdooVersion(version)).toBe(true);
  });

  it.each(['', '15.0', '20.0', '18', '18.0.1', ' 18.0', '18.0 ', 'v18.0', 'saas~18.1'])(
    'does not support %j',
    (version) => {
      expect(isSupportedOdooVersion(version)).toBe(false);
    },
  );
});
