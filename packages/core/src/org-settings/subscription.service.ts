import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { invalidInput } from '../shared/domain-error.js';
import {
  defaultOdooVersion,
  isSupportedOdooVersion,
  subscriptionCodeProblem,
  supportedOdooVersions,
} from './org-settings.rules.js';
import type { SubscriptionCheck, SubscriptionValidation } from './org-settings.schema.js';
import { settingsOrDefaults, type SettingsDeps } from './org-settings.service.js';
import type { SubscriptionVerifier } from './org-settings.ports.js';

async function runChecks(
  verifier: SubscriptionVerifier,
  code: string,
  odooVersion: string,
): Promise<SubscriptionCheck[]> {
  const formatProblem = subscriptionCodeProblem(code);
  const format: SubscriptionCheck = formatProblem
    ? { name: 'format', status: 'failed', detail: `The code ${formatProblem}` }
    : { name: 'format', status: 'passed', detail: 'The code is well formed' };
  const version: SubscriptionCheck = isSupportedOdooVersion(odooVersion)
    ? { name: 'version', status: 'passed', detail: `Odoo ${odooVersion} is supported` }
    : {
        name: 'version',
        status: 'failed',
        detail: `Odoo ${odooVersion} is not supported (supported: ${supportedOdooVersions.join(', ')})`,
      };
  if (format.status === 'failed' || version.status === 'failed') {
    return [format, version, { name: 'remote', status: 'skipped', detail: 'Not asked: the local checks failed' }];
  }
  const answer = await verifier.verify(code, odooVersion);
  const remote: SubscriptionCheck = !answer.checked
    ? { name: 'remote', status: 'skipped', detail: `Not checked remotely: ${answer.reason}` }
    : answer.valid
      ? { name: 'remote', status: 'passed', detail: 'The subscription authority confirmed the code' }
      : {
          name: 'remote',
          status: 'failed',
          detail: `The subscription authority refused the code${answer.reason ? `: ${answer.reason}` : ''}`,
        };
  return [format, version, remote];
}

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
  const checks = await runChecks(deps.subscriptions, code, odooVersion);
  const failed = checks.find((c) => c.status === 'failed');
  const result: SubscriptionValidation = {
    odooVersion,
    valid: !failed,
    ...(failed ? { reason: failed.detail } : {}),
    checks,
    checkedAt: deps.clock.now().toISOString(),
    source: input?.code ? 'given' : 'stored',
  };
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
        checks: checks.map((c) => `${c.name}:${c.status}`),
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
