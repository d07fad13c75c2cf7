import type { OrgSettings, SubscriptionValidation, TestPosthogResult } from '@ocore/core';
import { formatFields, formatTable } from '../shared/output.js';

/** What `settings.subscriptionStatus` answers. */
export interface SubscriptionStatus {
  hasSubscriptionCode: boolean;
  supportedVersions: string[];
  lastValidation: SubscriptionValidation | null;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
// Secrets are write-only: the server only says whether one is stored.
const setOrNot = (value: boolean) => (value ? 'set' : 'not set');

/** The settings field by field, secrets as "set" or "not set". */
export function formatSettings(settings: OrgSettings): string {
  return formatFields([
    ['Audit retention', `${settings.auditRetentionDays} days`],
    ['Bulk batch size', String(settings.bulkBatchSize)],
    ['Require passkey', yesNo(settings.requirePasskey)],
    ['PostHog enabled', yesNo(settings.posthogEnabled)],
    ['PostHog API host', settings.posthogApiHost],
    ['PostHog UI host', settings.posthogUiHost],
    ['PostHog API key', setOrNot(settings.hasPosthogPersonalKey)],
    ['PostHog webhook secret', setOrNot(settings.hasPosthogWebhookKey)],
    ['Subscription code', setOrNot(settings.hasSubscriptionCode)],
  ]);
}

/** The outcome of a PostHog connection test. */
export function formatPosthogTest(result: TestPosthogResult): string {
  return result.success ? result.message : `PostHog connection failed: ${result.message}`;
}

function formatVerdict(validation: SubscriptionValidation): string {
  const verdict = validation.valid
    ? `valid for Odoo ${validation.odooVersion}`
    : `NOT valid for Odoo ${validation.odooVersion}${validation.reason ? `: ${validation.reason}` : ''}`;
  return `Verdict: ${verdict} (checked ${validation.checkedAt})`;
}

/** Each check with its status, then the verdict. */
export function formatValidation(validation: SubscriptionValidation): string {
  const checks = formatTable(validation.checks, [
    { header: 'check', value: (c) => c.name },
    { header: 'status', value: (c) => c.status },
    { header: 'detail', value: (c) => c.detail },
  ]);
  return `${checks}\n${formatVerdict(validation)}`;
}

/** Whether a code is stored, the supported versions, and the last validation. */
export function formatSubscriptionStatus(status: SubscriptionStatus): string {
  const fields = formatFields([
    ['Subscription code', setOrNot(status.hasSubscriptionCode)],
    ['Supported Odoo versions', status.supportedVersions.join(', ')],
    ['Last validation', status.lastValidation ? status.lastValidation.checkedAt : 'never'],
  ]);
  if (!status.lastValidation) return `${fields}\nValidate it with: ocore org settings validate-subscription`;
  return `${fields}\n\n${formatValidation(status.lastValidation)}`;
}
