import { subscriptionCodeProblem } from './org-settings.rules.js';
import type { SubscriptionVerifier } from './org-settings.ports.js';
import type { SubscriptionCheck, SubscriptionValidation } from './org-settings.schema.js';
import { isSupportedOdooVersion, supportedOdooVersions } from '../shared/odoo-versions.js';

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
 * Checks a subscription code for an Odoo version: format and version locally, then the remote
 * authority when one is configured. The first failed check is the reason.
 */
export async function checkSubscriptionCode(
  verifier: SubscriptionVerifier,
  code: string,
  odooVersion: string,
  source: SubscriptionValidation['source'],
  now: Date,
): Promise<SubscriptionValidation> {
  const checks = await runChecks(verifier, code, odooVersion);
  const failed = checks.find((c) => c.status === 'failed');
  return {
    odooVersion,
    valid: !failed,
    ...(failed ? { reason: failed.detail } : {}),
    checks,
    checkedAt: now.toISOString(),
    source,
  };
}
