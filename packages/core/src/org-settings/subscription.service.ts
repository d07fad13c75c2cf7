import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { invalidInput } from '../shared/domain-error.js';
import type { SubscriptionValidation } from './org-settings.schema.js';
import { checkSubscriptionCode } from './subscription-checks.js';
import { settingsOrDefaults, type SettingsDeps } from './org-settings.service.js';
import { defaultOdooVersion, supportedOdooVersions } from '../shared/odoo-versions.js';

/**
 * Validates the given or the stored subscription code for an Odoo version (default 18.0):
 * format and version locally, then the remote authority when one is configured. The
 * result, saying which checks ran, is stored as the organization's last validation.
 */
export async function validateSubscription(
  deps: SettingsDeps,
  actor: Actor,
  input: { code?: string | undefined; odooVersion?: string | undefined } | undefined,
): Promise<SubscriptionValidation> {
  requirePermission(actor, 'manage:org_settings');
  const settings = settingsOrDefaults(actor.organizationId, await deps.store.settings.find(actor.organizationId));
  const sealed = settings.sealed.subscriptionCode;
  const code = input?.code || (sealed ? deps.secrets.open(sealed) : undefined);
  if (!code) throw invalidInput('code', 'no subscription code was given and none is stored');
  const odooVersion = input?.odooVersion || defaultOdooVersion;
  const result = await checkSubscriptionCode(
    deps.subscriptions,
    code,
    odooVersion,
    input?.code ? 'given' : 'stored',
    deps.clock.now(),
  );
  await commitAndPublish(deps, async (tx, record) => {
    const current = await tx.settings.findForUpdate(actor.organizationId);
    // A check of the stored code is dropped if the code was replaced while it ran.
    const stale = !input?.code && current.sealed.subscriptionCode !== sealed;
    if (!stale) await tx.settings.update(actor.organizationId, { lastSubscriptionValidation: result });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'org_settings.subscription_validated',
      targetType: 'org_settings',
      targetId: actor.organizationId,
      diff: {
        odooVersion,
        valid: result.valid,
        source: input?.code ? 'given' : 'stored',
        checks: result.checks.map((c) => `${c.name}:${c.status}`),
      },
    });
  });
  return result;
}

/** Whether a code is stored, the supported versions, and the last validation (any member). */
export async function getSubscriptionStatus(deps: CoreDeps, actor: Actor) {
  const settings = settingsOrDefaults(actor.organizationId, await deps.store.settings.find(actor.organizationId));
  return {
    hasSubscriptionCode: settings.sealed.subscriptionCode !== null,
    supportedVersions: [...supportedOdooVersions],
    lastValidation: settings.lastSubscriptionValidation,
  };
}
