import { describe, expect, it } from 'vitest';
import { acceptMailedInvitation, settingsJson, useOwner, useSignedUpUser } from '../testing/cli-fixtures.js';
import { uniqueEmail } from '../testing/cli-harness.js';

const developerEmail = uniqueEmail('dev');
const personalKey = 'phx_personal_key_4f9a1c0b7e';
const posthogHost = 'https://eu.i.posthog.com';
const { server, owner } = useOwner();
const developer = useSignedUpUser(server, 'developer', 'Dev', developerEmail);

describe('ocore org settings get|set', () => {
  it('shows the defaults field by field, secrets as not set', async () => {
    const result = await owner.run(['org', 'settings', 'get']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Audit retention:\s+90 days/);
    expect(result.stdout).toMatch(/Bulk batch size:\s+100/);
    expect(result.stdout).toMatch(/PostHog API key:\s+not set/);
    expect(result.stdout).toMatch(/Subscription code:\s+not set/);
  });

  it('changes only the settings given, and never prints a secret', async () => {
    const options = { 'audit-retention-days': '30', 'bulk-batch-size': '250', 'posthog-enabled': 'true' };
    const more = { 'posthog-api-host': posthogHost, 'posthog-api-key': personalKey, 'require-passkey': 'false' };
    const flags = Object.entries({ ...options, ...more }).flatMap(([flag, value]) => [`--${flag}`, value]);
    const set = await owner.run(['org', 'settings', 'set', ...flags]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Updated the organization settings.');
    expect(set.stdout).toMatch(/PostHog API key:\s+set/);
    const shown = await owner.run(['org', 'settings', 'get']);
    expect(shown.stdout).toMatch(/Audit retention:\s+30 days/);
    expect(shown.stdout).toMatch(/PostHog enabled:\s+yes/);
    expect(shown.stdout).toMatch(/PostHog API key:\s+set\n/);
    expect(shown.stdout).toMatch(/PostHog webhook secret:\s+not set/);
    const json = await settingsJson(owner);
    expect(json).toMatchObject({
      auditRetentionDays: 30,
      bulkBatchSize: 250,
      posthogApiHost: posthogHost,
      posthogUiHost: 'https://us.posthog.com',
      hasPosthogPersonalKey: true,
      hasSubscriptionCode: false,
    });
    for (const output of [set.stdout, shown.stdout, JSON.stringify(json)]) expect(output).not.toContain(personalKey);
  });

  it('exits 2 without any setting, naming what to pass', async () => {
    const result = await owner.run(['org', 'settings', 'set']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to change');
  });

  it('exits 2 for a number or boolean it cannot read, naming the flag, and changes nothing', async () => {
    for (const [flag, value] of [
      ['--bulk-batch-size', 'ten'],
      ['--bulk-batch-size', '1.5'],
      ['--audit-retention-days', '1e3'],
      ['--audit-retention-days', '0'],
      ['--require-passkey', 'yes'],
    ] as const) {
      const result = await owner.run(['org', 'settings', 'set', flag, value]);
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr).toContain(flag);
    }
    expect(await settingsJson(owner)).toMatchObject({
      auditRetentionDays: 30,
      bulkBatchSize: 250,
      requirePasskey: false,
      terminalTranscripts: false,
    });
  });

  it('refuses to set and clear the same secret at once', async () => {
    const result = await owner.run([
      'org',
      'settings',
      'set',
      '--subscription-code',
      'M2407150000001',
      '--clear-subscription-code',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--clear-subscription-code');
  });
});

describe('a Developer', () => {
  it('reads the settings but may not change them', async () => {
    const org = JSON.parse((await owner.run(['org', 'show', '--json'])).stdout) as { slug: string };
    expect((await owner.run(['members', 'add', '--email', developerEmail, '--role', 'Developer'])).code).toBe(0);
    await acceptMailedInvitation(server, developer, developerEmail);
    expect((await developer.run(['org', 'switch', org.slug])).code).toBe(0);
    expect((await developer.run(['org', 'settings', 'get'])).code).toBe(0);
    const result = await developer.run(['org', 'settings', 'set', '--bulk-batch-size', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('manage:org_settings');
    expect(await settingsJson(owner)).toMatchObject({ bulkBatchSize: 250 });
  });
});
