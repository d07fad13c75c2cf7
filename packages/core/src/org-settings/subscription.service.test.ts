import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsTestDeps, type SettingsTestDeps } from '../testing/settings-fakes.js';
import { caught, joinAs, signUpUser, type SignedUp } from '../testing/test-fixtures.js';
import { updateOrgSettings } from './org-settings.service.js';
import { getSubscriptionStatus, validateSubscription } from './subscription.service.js';

let deps: SettingsTestDeps;
let owner: SignedUp;

const goodCode = 'M2407151234567';

beforeEach(async () => {
  deps = createSettingsTestDeps();
  owner = await signUpUser(deps, 'Olive Owner');
});

const statuses = (checks: { name: string; status: string }[]) => checks.map((c) => `${c.name}:${c.status}`);

describe('validateSubscription: local checks', () => {
  it('fails a malformed code without asking the remote authority', async () => {
    deps.subscriptions.configure({ configured: true, answer: { checked: true, valid: true } });
    const result = await validateSubscription(deps, owner.actor, { code: 'short' });
    expect(result.valid).toBe(false);
    expect(statuses(result.checks)).toEqual(['format:failed', 'version:passed', 'remote:skipped']);
    expect(result.reason).toBe(result.checks[0]?.detail);
    expect(result.reason).toMatch(/8-64 characters/);
    expect(result.checks[2]?.detail).toMatch(/local checks failed/);
    expect(deps.subscriptions.calls).toEqual([]);
  });

  it('fails an unsupported Odoo version, listing the supported ones, without asking remotely', async () => {
    deps.subscriptions.configure({ configured: true, answer: { checked: true, valid: true } });
    const result = await validateSubscription(deps, owner.actor, { code: goodCode, odooVersion: '15.0' });
    expect(result).toMatchObject({ valid: false, odooVersion: '15.0' });
    expect(statuses(result.checks)).toEqual(['format:passed', 'version:failed', 'remote:skipped']);
    expect(result.reason).toMatch(/15\.0 is not supported.*16\.0, 17\.0, 18\.0, 19\.0/);
    expect(deps.subscriptions.calls).toEqual([]);
  });

  it('checks Odoo 18.0 when no version is given', async () => {
    const result = await validateSubscription(deps, owner.actor, { code: goodCode });
    expect(result.odooVersion).toBe('18.0');
    expect(result.checks[1]).toMatchObject({ name: 'version', status: 'passed' });
    expect(result.checks[1]?.detail).toContain('18.0');
  });
});

describe('validateSubscription: remote check', () => {
  it('skips the remote check, saying why, when no authority is configured', async () => {
    const result = await validateSubscription(deps, owner.actor, { code: goodCode });
    expect(result.valid).toBe(true);
    expect(result.reason).toBeUndefined();
    expect(result.checks[2]).toMatchObject({ name: 'remote', status: 'skipped' });
    expect(result.checks[2]?.detail).toMatch(/Not checked remotely: no remote verifier is configured/);
  });

  it('passes when the configured authority confirms the code', async () => {
    deps.subscriptions.configure({ configured: true, answer: { checked: true, valid: true } });
    const result = await validateSubscription(deps, owner.actor, { code: goodCode, odooVersion: '17.0' });
    expect(result.valid).toBe(true);
    expect(statuses(result.checks)).toEqual(['format:passed', 'version:passed', 'remote:passed']);
    expect(deps.subscriptions.calls).toEqual([{ code: goodCode, odooVersion: '17.0' }]);
  });

  it("fails with the authority's reason when it refuses the code", async () => {
    deps.subscriptions.configure({
      configured: true,
      answer: { checked: true, valid: false, reason: 'subscription expired' },
    });
    const result = await validateSubscription(deps, owner.actor, { code: goodCode });
    expect(result.valid).toBe(false);
    expect(statuses(result.checks)).toEqual(['format:passed', 'version:passed', 'remote:failed']);
    expect(result.reason).toMatch(/refused the code: subscription expired/);
  });
});

describe('validateSubscription: which code', () => {
  it('uses the stored code, and a given code over it', async () => {
    deps.subscriptions.configure({ configured: true, answer: { checked: true, valid: true } });
    await updateOrgSettings(deps, owner.actor, { subscriptionCode: 'STORED-CODE-1' });
    // Saving checked the new code once.
    expect(deps.subscriptions.calls.map((c) => c.code)).toEqual(['STORED-CODE-1']);
    await validateSubscription(deps, owner.actor, undefined);
    await validateSubscription(deps, owner.actor, { code: 'GIVEN-CODE-22' });
    expect(deps.subscriptions.calls.map((c) => c.code)).toEqual(['STORED-CODE-1', 'STORED-CODE-1', 'GIVEN-CODE-22']);
    const audit = deps.store.state.audit.filter((a) => a.action === 'org_settings.subscription_validated');
    expect(audit.map((a) => a.diff.source)).toEqual(['stored', 'given']);
    expect(JSON.stringify(audit)).not.toMatch(/STORED-CODE-1|GIVEN-CODE-22/);
  });

  it('answers INVALID_INPUT on code when none is given and none is stored', async () => {
    for (const input of [undefined, {}, { code: '' }]) {
      const error = await caught(() => validateSubscription(deps, owner.actor, input));
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'code' });
    }
    expect((await getSubscriptionStatus(deps, owner.actor)).lastValidation).toBeNull();
  });

  it('refuses a Developer with PERMISSION_DENIED', async () => {
    const dev = await joinAs(deps, owner.actor, 'Dev', 'Developer');
    const error = await caught(() => validateSubscription(deps, dev.actor, { code: goodCode }));
    expect(error).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'manage:org_settings' });
  });
});

describe('getSubscriptionStatus', () => {
  it('shows the supported versions and, to any member, the stored result of the last validation', async () => {
    const viewer = await joinAs(deps, owner.actor, 'Vera', 'Viewer');
    expect(await getSubscriptionStatus(deps, viewer.actor)).toEqual({
      hasSubscriptionCode: false,
      supportedVersions: ['16.0', '17.0', '18.0', '19.0'],
      lastValidation: null,
    });
    await updateOrgSettings(deps, owner.actor, { subscriptionCode: goodCode });
    deps.clock.advance(60_000);
    const result = await validateSubscription(deps, owner.actor, {});
    expect(result.checkedAt).toBe(deps.clock.now().toISOString());
    const status = await getSubscriptionStatus(deps, viewer.actor);
    expect(status).toMatchObject({ hasSubscriptionCode: true, lastValidation: result });
    expect(deps.store.state.settings.get(owner.organization.id)?.lastSubscriptionValidation).toEqual(result);
  });

  it('keeps the latest of several validations', async () => {
    await validateSubscription(deps, owner.actor, { code: goodCode });
    const latest = await validateSubscription(deps, owner.actor, { code: goodCode, odooVersion: '12.0' });
    expect((await getSubscriptionStatus(deps, owner.actor)).lastValidation).toEqual(latest);
  });
});
