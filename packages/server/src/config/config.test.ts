import { describe, expect, it } from 'vitest';
import { createArgon2Hasher } from '../auth/argon2-password.hasher.js';
import { loadConfig } from './config.js';

describe('OCORE_PASSWORD_HASH', () => {
  it('is standard unless a test asks for the fast one', () => {
    expect(loadConfig({}).passwordHash).toBe('standard');
    expect(loadConfig({ OCORE_PASSWORD_HASH: 'fast-for-tests' }).passwordHash).toBe('fast-for-tests');
  });

  it('refuses the fast hash in production, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', OCORE_PASSWORD_HASH: 'fast-for-tests' })).toThrow(
      /OCORE_PASSWORD_HASH: fast-for-tests is for tests/,
    );
  });

  it('hashes with OWASP parameters by default and the least ones for tests; each verifies the other', async () => {
    const standard = createArgon2Hasher();
    const fast = createArgon2Hasher('fast-for-tests');
    const slow = await standard.hash('correct horse');
    const quick = await fast.hash('correct horse');
    expect(slow).toContain('m=19456,t=2,p=1');
    expect(quick).toContain('m=8,t=1,p=1');
    expect(await standard.verify(quick, 'correct horse')).toBe(true);
    expect(await fast.verify(slow, 'correct horse')).toBe(true);
    expect(await fast.verify(quick, 'wrong')).toBe(false);
  });
});
