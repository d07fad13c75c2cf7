import { requirePermission, type Actor } from '../auth/actor.js';
import { passkeyRegistrationLink } from '../auth/auth.service.js';
import { changedFields, pickFields } from '../shared/fields.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, invalidInput } from '../shared/domain-error.js';
import type { CoreDeps } from '../shared/deps.js';
import type { OrgSettingsPatch, OrgSettingsRecord, PosthogClient, SubscriptionVerifier } from './org-settings.ports.js';
import { secretSettings, settingsDefaults, type SecretSettingName } from './org-settings.rules.js';
import {
  generalSettingFields,
  type OrgSettings,
  type SubscriptionValidation,
  type TestPosthogResult,
  type UpdateOrgSettingsInput,
} from './org-settings.schema.js';
import { checkSubscriptionCode } from './subscription-checks.js';
import { noOrgDefaults } from './org-defaults.schema.js';
import { defaultsPatch, toOrgDefaultsView } from './org-defaults.service.js';
import type { SecretBox } from '../shared/secret-box.js';
import { defaultOdooVersion, isSupportedOdooVersion } from '../shared/odoo-versions.js';

export interface SettingsDeps extends CoreDeps {
  secrets: SecretBox;
  posthog: PosthogClient;
  subscriptions: SubscriptionVerifier;
}

const plainFields = [...generalSettingFields, 'backupDestinationId'] as const;
const secretNames = Object.keys(secretSettings) as SecretSettingName[];

/** The stored record, or the defaults for an organization that never saved settings. */
export function settingsOrDefaults(organizationId: string, record: OrgSettingsRecord | undefined): OrgSettingsRecord {
  return (
    record ?? {
      organizationId,
      ...settingsDefaults,
      ...noOrgDefaults,
      sealed: { posthogPersonalApiKey: null, posthogWebhookSecret: null, subscriptionCode: null, backupKey: null },
      lastSubscriptionValidation: null,
      lastExport: null,
    }
  );
}

/** The public view of settings: secrets only as has-flags. */
export function toOrgSettings(record: OrgSettingsRecord): OrgSettings {
  return {
    ...pickFields(record, generalSettingFields),
    hasPosthogPersonalKey: record.sealed.posthogPersonalApiKey !== null,
    hasPosthogWebhookKey: record.sealed.posthogWebhookSecret !== null,
    hasSubscriptionCode: record.sealed.subscriptionCode !== null,
    hasBackupKey: record.sealed.backupKey !== null,
    backupDestinationId: record.backupDestinationId,
    ...toOrgDefaultsView(record),
  };
}

/** The current organization's settings (any member). */
export async function getOrgSettings(deps: CoreDeps, actor: Actor): Promise<OrgSettings> {
  const record = await deps.store.settings.find(actor.organizationId);
  return toOrgSettings(settingsOrDefaults(actor.organizationId, record));
}

/** How a secret changed, for the audit log: never its value. */
function secretChange(
  before: string | null,
  after: string | null | undefined,
): { from: string; to: string } | undefined {
  if (after === undefined) return undefined;
  if (after === null) return before === null ? undefined : { from: 'set', to: 'cleared' };
  return { from: before === null ? 'not set' : 'set', to: before === null ? 'set' : 'replaced' };
}

/**
 * Changes only the fields sent (manage:org_settings). Secrets are sealed before they are
 * stored. A new subscription code is validated first (for the Odoo version of the last
 * validation, or the default): one that fails is refused and nothing is saved; one that passes
 * is stored with that validation as the last one.
 */
export async function updateOrgSettings(
  deps: SettingsDeps,
  actor: Actor,
  input: UpdateOrgSettingsInput,
): Promise<OrgSettings> {
  requirePermission(actor, 'manage:org_settings');
  // Turned on from a password session, it would refuse that very session from the next request
  // on, and the setting could then only be turned off again after a passkey sign-in.
  if (input.requirePasskey === true && !actor.passkey) {
    throw new DomainError(
      'PASSKEY_REQUIRED',
      'Sign in with a passkey before requiring one: this session signed in with a password, and would be refused from the next request on',
      { field: 'requirePasskey', link: passkeyRegistrationLink },
    );
  }
  const newCode = typeof input.subscriptionCode === 'string' ? input.subscriptionCode : undefined;
  const codeValidation = newCode === undefined ? undefined : await validateNewCode(deps, actor, newCode);
  return commitAndPublish(deps, async (tx, record) => {
    const before = await tx.settings.findForUpdate(actor.organizationId);
    if (
      input.backupDestinationId &&
      !(await tx.backupDestinations.find(actor.organizationId, input.backupDestinationId))
    )
      throw new DomainError('NOT_FOUND', 'backupDestinationId: no such backup destination', {
        field: 'backupDestinationId',
      });
    const patch: OrgSettingsPatch = {};
    for (const field of plainFields) if (input[field] !== undefined) Object.assign(patch, { [field]: input[field] });
    const sealed: Partial<Record<SecretSettingName, string | null>> = {};
    const diff: Record<string, unknown> = {};
    const defaults = await defaultsPatch(deps, tx, actor, input, before);
    Object.assign(patch, defaults.patch);
    Object.assign(diff, defaults.diff);
    for (const name of secretNames) {
      if (name === 'backupKey') continue;
      const value = input[name];
      const change = secretChange(before.sealed[name], value);
      if (value === undefined || !change) continue;
      sealed[name] = value === null ? null : deps.secrets.seal(value);
      diff[name] = change;
    }
    const cleared = clearMovedPosthogKey(before, input, sealed, diff);
    if (Object.keys(sealed).length) patch.sealed = sealed;
    if (sealed.subscriptionCode !== undefined) patch.lastSubscriptionValidation = codeValidation ?? null;
    const after = await tx.settings.update(actor.organizationId, patch);
    Object.assign(diff, changedFields(before, after, plainFields));
    if (Object.keys(diff).length > 0) {
      await record(actor, {
        organizationId: actor.organizationId,
        action: 'org_settings.updated',
        targetType: 'org_settings',
        targetId: actor.organizationId,
        diff,
        payload: { fields: Object.keys(diff) },
      });
    }
    return cleared.length ? { ...toOrgSettings(after), clearedSecrets: cleared } : toOrgSettings(after);
  });
}

/** Checks a subscription code before it is stored; a failed check refuses the update. */
async function validateNewCode(deps: SettingsDeps, actor: Actor, code: string): Promise<SubscriptionValidation> {
  const current = await deps.store.settings.find(actor.organizationId);
  const wanted = current?.lastSubscriptionValidation?.odooVersion;
  const odooVersion = wanted && isSupportedOdooVersion(wanted) ? wanted : defaultOdooVersion;
  const validation = await checkSubscriptionCode(deps.subscriptions, code, odooVersion, 'given', deps.clock.now());
  if (!validation.valid) {
    throw invalidInput('subscriptionCode', `the code was not saved: ${validation.reason ?? 'it failed validation'}`);
  }
  return validation;
}

/**
 * The PostHog key is sent to `posthogApiHost`: a new host without the key given again in the
 * same request clears it, so a stored key never follows a host someone else chose.
 */
function clearMovedPosthogKey(
  before: OrgSettingsRecord,
  input: UpdateOrgSettingsInput,
  sealed: Partial<Record<SecretSettingName, string | null>>,
  diff: Record<string, unknown>,
): Exclude<SecretSettingName, 'backupKey'>[] {
  const moved = input.posthogApiHost !== undefined && input.posthogApiHost !== before.posthogApiHost;
  if (!moved || input.posthogPersonalApiKey !== undefined || before.sealed.posthogPersonalApiKey === null) return [];
  sealed.posthogPersonalApiKey = null;
  diff['posthogPersonalApiKey'] = { from: 'set', to: 'cleared: posthogApiHost changed' };
  return ['posthogPersonalApiKey'];
}

/** Checks the stored PostHog key against the configured host with a real request. */
export async function testPosthogConnection(deps: SettingsDeps, actor: Actor): Promise<TestPosthogResult> {
  requirePermission(actor, 'manage:org_settings');
  const settings = settingsOrDefaults(actor.organizationId, await deps.store.settings.find(actor.organizationId));
  const sealedKey = settings.sealed.posthogPersonalApiKey;
  if (!sealedKey) {
    return {
      success: false,
      projectName: null,
      message: 'No PostHog personal API key is stored: set posthogPersonalApiKey first',
    };
  }
  const probe = await deps.posthog.currentProject(settings.posthogApiHost, deps.secrets.open(sealedKey));
  if (probe.ok) {
    return {
      success: true,
      projectName: probe.projectName,
      message: `Connected to PostHog project "${probe.projectName}"`,
    };
  }
  return { success: false, projectName: null, message: probe.message };
}
