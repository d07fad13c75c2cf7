import { describe, expect, it } from 'vitest';
import { runJson, useOwner } from '../testing/cli-fixtures.js';
import { mailedVerification } from '../testing/cli-fixtures.js';
import { testPassword } from '../testing/cli-harness.js';

const { server, owner } = useOwner();

describe('ocore api-key', () => {
  it('creates a key shown once, which the CLI accepts as --token, and revokes it', async () => {
    // A new account creates keys once its address is confirmed by the mailed link.
    const unverified = await owner.run(['api-key', 'create', '--name', 'ci', '--role', 'Viewer']);
    expect(unverified.stderr).toMatch(/needs a verified email address/);
    const token = await mailedVerification(
      server.app,
      (await runJson<{ user: { email: string } }>(owner, ['whoami', '--json'])).user.email,
    );
    const verified = await owner.run(['auth', 'verify-email', '--verification', token]);
    expect(verified.stdout).toContain('Your email address is confirmed.');
    const created = await runJson<{ id: string; key: string; role: string }>(owner, [
      'api-key',
      'create',
      '--name',
      'ci',
      '--role',
      'Viewer',
      '--json',
    ]);
    expect(created.key).toMatch(/^ocore_/);
    const listed = await owner.run(['api-key', 'list']);
    expect(listed.stdout).toMatch(/ci\s+Viewer/);
    expect(listed.stdout).not.toContain(created.key);
    const asKey = await owner.run(['members', 'list', '--token', created.key]);
    expect(asKey.code, asKey.stderr).toBe(0);
    expect(asKey.stdout).toContain('Owner');
    expect((await owner.run(['api-key', 'revoke', created.id])).code).toBe(0);
    expect((await owner.run(['members', 'list', '--token', created.key])).code).not.toBe(0);
  });
});

describe('ocore auth', () => {
  it('lists sessions, changes the password and signs out', async () => {
    const sessions = await runJson<{ items: { current: boolean }[] }>(owner, ['auth', 'sessions', '--json']);
    expect(sessions.items.filter((s) => s.current)).toHaveLength(1);
    const changed = await owner.run(['auth', 'password', '--current', testPassword, '--new', 'a new long password!']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/Password changed/);
    const common = await owner.run(['auth', 'password', '--current', 'a new long password!', '--new', 'qwertyuiop']);
    expect(common.code).toBe(1);
    expect(common.stderr).toMatch(/newPassword: is one of the most common passwords/);
    const out = await owner.run(['auth', 'logout']);
    expect(out.code, out.stderr).toBe(0);
    expect((await owner.run(['whoami'])).code).not.toBe(0);
  });
});
