import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { getOrgSettings, testPosthogConnection, updateOrgSettings } from './org-settings.service.js';
import { getSubscriptionStatus, validateSubscription } from './subscription.service.js';

let deps: SettingsTestDeps;
let owner: SignedUp;

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
});

const stored = () => deps.store.state.settings.get(owner.organization.id);
const settingsAudit = () => deps.store.state.audit.filter((a) => a.action === 'org_settings.updated');

describe('getOrgSettings', () => {
  it('answers the defaults when the organization never saved settings', async () => {
    expect(await getOrgSettings(deps, owner.actor)).toEqual({
      auditRetentionDays: 90,
      bulkBatchSize: 100,
      hasPosthogPersonalKey: false,
      hasPosthogWebhookKey: false,
      hasSubscriptionCode: false,
      hasBackupKey: false,
      backupEncryption: false,
      posthogApiHost: 'https://us.i.posthog.com',
      posthogEnabled: false,
      posthogUiHost: 'https://us.posthog.com',
      requirePasskey: false,
      terminalTranscripts: false,
      backupDestinationId: null,
      defaultServerId: null,
      defaultTemplateId: null,
      defaultOdooVersion: null,
      defaultWorkers: null,
      dnsProvider: null,
    });
    expect(stored()).toBeUndefined();
  });

  it('lets any member read them', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    await updateOrgSettings(deps, owner.actor, { bulkBatchSize: 7 });
    expect((await getOrgSettings(deps, viewer.actor)).bulkBatchSize).toBe(7);
  });
});

describe('updateOrgSettings', () => {
  it('changes only the fields sent', async () => {
    await updateOrgSettings(deps, owner.actor, { auditRetentionDays: 30, posthogApiHost: 'https://eu.i.posthog.com' });
    const after = await updateOrgSettings(deps, { ...owner.actor, passkey: true }, { requirePasskey: true });
    expect(after).toMatchObject({
      auditRetentionDays: 30,
      posthogApiHost: 'https://eu.i.posthog.com',
      requirePasskey: true,
      bulkBatchSize: 100,
    });
    expect(await getOrgSettings(deps, owner.actor)).toEqual(after);
  });

  it('stores secrets sealed, reports them as flags, and clears them with null', async () => {
    const plain = {
      posthogPersonalApiKey: 'phx_personal_1',
      posthogWebhookSecret: 'whsec_hook_2',
      subscriptionCode: 'M2407151234567',
    };
    const after = await updateOrgSettings(deps, owner.actor, plain);
    expect(after).toMatchObject({ hasPosthogPersonalKey: true, hasPosthogWebhookKey: true, hasSubscriptionCode: true });
    expect(JSON.stringify(after)).not.toMatch(/phx_personal_1|whsec_hook_2|M2407151234567/);
    const record = stored();
    expect(JSON.stringify(record)).not.toMatch(/phx_personal_1|whsec_hook_2|M2407151234567/);
    for (const [name, value] of Object.entries(plain)) {
      const sealed = record?.sealed[name as keyof typeof plain] ?? '';
      expect(sealed.startsWith('enc:v1:k1:')).toBe(true);
      expect(deps.secrets.open(sealed)).toBe(value);
    }
    const cleared = await updateOrgSettings(deps, owner.actor, { posthogWebhookSecret: null });
    expect(cleared).toMatchObject({
      hasPosthogPersonalKey: true,
      hasPosthogWebhookKey: false,
      hasSubscriptionCode: true,
    });
    expect(stored()?.sealed.posthogWebhookSecret).toBeNull();
  });

  it('audits how secrets changed, never their values', async () => {
    await updateOrgSettings(deps, owner.actor, { posthogPersonalApiKey: 'phx_first' });
    await updateOrgSettings(deps, owner.actor, { posthogPersonalApiKey: 'phx_second', auditRetentionDays: 30 });
    await updateOrgSettings(deps, owner.actor, { posthogPersonalApiKey: null });
    const diffs = settingsAudit().map((a) => a.diff);
    expect(diffs).toEqual([
      { posthogPersonalApiKey: { from: 'not set', to: 'set' } },
      { posthogPersonalApiKey: { from: 'set', to: 'replaced' }, auditRetentionDays: { from: 90, to: 30 } },
      { posthogPersonalApiKey: { from: 'set', to: 'cleared' } },
    ]);
    const everything = JSON.stringify([deps.store.state.audit, deps.store.state.events, deps.events.published()]);
    expect(everything).not.toMatch(/phx_first|phx_second/);
    const events = deps.events.published().filter((e) => e.type === 'org_settings.updated');
    expect(events.map((e) => e.payload.fields)).toEqual([
      ['posthogPersonalApiKey'],
      ['posthogPersonalApiKey', 'auditRetentionDays'],
      ['posthogPersonalApiKey'],
    ]);
  });

  it('records and publishes nothing when nothing changed', async () => {
    await updateOrgSettings(deps, owner.actor, { bulkBatchSize: 10 });
    const before = {
      audit: deps.store.state.audit.length,
      events: deps.store.state.events.length,
      published: deps.events.published().length,
    };
    const after = await updateOrgSettings(deps, owner.actor, {
      bulkBatchSize: 10,
      auditRetentionDays: 90,
      posthogWebhookSecret: null,
    });
    expect(after.bulkBatchSize).toBe(10);
    expect(deps.store.state.audit).toHaveLength(before.audit);
    expect(deps.store.state.events).toHaveLength(before.events);
    expect(deps.events.published()).toHaveLength(before.published);
  });

  it('stores a new subscription code with the validation it passed, keeping it when other fields change', async () => {
    await updateOrgSettings(deps, owner.actor, { subscriptionCode: 'M2407151234567' });
    const saved = (await getSubscriptionStatus(deps, owner.actor)).lastValidation;
    expect(saved).toMatchObject({ valid: true, odooVersion: '18.0', source: 'given' });
    const validation = await validateSubscription(deps, owner.actor, { odooVersion: '17.0' });
    await updateOrgSettings(
      deps,
      { ...owner.actor, passkey: true },
      { posthogPersonalApiKey: 'phx_key', requirePasskey: true },
    );
    expect((await getSubscriptionStatus(deps, owner.actor)).lastValidation).toEqual(validation);
    // A replacement is checked for the version of the last validation.
    await updateOrgSettings(deps, owner.actor, { subscriptionCode: 'M2407159999999' });
    expect(stored()?.lastSubscriptionValidation).toMatchObject({ valid: true, odooVersion: '17.0' });
  });

  it('refuses a code that fails validation, naming subscriptionCode, and keeps the stored code and its status', async () => {
    await updateOrgSettings(deps, owner.actor, { subscriptionCode: 'M2407151234567' });
    const before = stored();
    deps.subscriptions.configure({ configured: true, answer: { checked: true, valid: false, reason: 'expired' } });
    const error = await caught(() => updateOrgSettings(deps, owner.actor, { subscriptionCode: 'M2301010000009' }));
    expect(error).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'subscriptionCode',
      message: expect.stringMatching(/not saved.*refused the code: expired/),
    });
    const malformed = await caught(() => updateOrgSettings(deps, owner.actor, { subscriptionCode: 'short' }));
    expect(malformed).toMatchObject({ field: 'subscriptionCode', message: expect.stringMatching(/8-64 characters/) });
    expect(stored()).toEqual(before);
    // Cleared with null, no check is needed.
    await updateOrgSettings(deps, owner.actor, { subscriptionCode: null });
    expect(stored()?.sealed.subscriptionCode).toBeNull();
    expect(stored()?.lastSubscriptionValidation).toBeNull();
  });

  it('refuses to require passkeys from a password session, which it would lock out, and changes nothing', async () => {
    const error = await caught(() =>
      updateOrgSettings(deps, owner.actor, { auditRetentionDays: 30, requirePasskey: true }),
    );
    expect(error).toMatchObject({ code: 'PASSKEY_REQUIRED', field: 'requirePasskey', link: '/account/passkeys' });
    expect(await getOrgSettings(deps, owner.actor)).toMatchObject({ auditRetentionDays: 90, requirePasskey: false });
    // Turning it off, or sending it false, needs no passkey.
    expect(await updateOrgSettings(deps, owner.actor, { requirePasskey: false })).toMatchObject({
      requirePasskey: false,
    });
  });

  it('refuses a Developer with PERMISSION_DENIED naming manage:org_settings', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const error = await caught(() => updateOrgSettings(deps, dev.actor, { requirePasskey: true }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:org_settings' });
    expect((await getOrgSettings(deps, owner.actor)).requirePasskey).toBe(false);
  });
});

describe('testPosthogConnection', () => {
  it('answers failure with a message and asks nobody when no key is stored', async () => {
    const result = await testPosthogConnection(deps, owner.actor);
    expect(result).toMatchObject({ success: false, projectName: null });
    expect(result.message).toMatch(/posthogPersonalApiKey/);
    expect(deps.posthog.calls).toEqual([]);
  });

  it('asks the configured host with the plaintext key and names the project', async () => {
    await updateOrgSettings(deps, owner.actor, {
      posthogPersonalApiKey: 'phx_plain_key',
      posthogApiHost: 'https://eu.i.posthog.com',
    });
    deps.posthog.setNextProbe({ ok: true, projectName: 'Acme Analytics' });
    const result = await testPosthogConnection(deps, owner.actor);
    expect(result).toMatchObject({ success: true, projectName: 'Acme Analytics' });
    expect(result.message).toContain('Acme Analytics');
    expect(deps.posthog.calls).toEqual([{ host: 'https://eu.i.posthog.com', apiKey: 'phx_plain_key' }]);
  });

  it("passes on the probe's failure message", async () => {
    await updateOrgSettings(deps, owner.actor, { posthogPersonalApiKey: 'phx_plain_key' });
    deps.posthog.setNextProbe({ ok: false, reason: 'rejected_key', message: 'PostHog rejected the personal API key' });
    expect(await testPosthogConnection(deps, owner.actor)).toEqual({
      success: false,
      projectName: null,
      message: 'PostHog rejected the personal API key',
    });
  });

  it('refuses a Developer', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const error = await caught(() => testPosthogConnection(deps, dev.actor));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:org_settings' });
  });
});
