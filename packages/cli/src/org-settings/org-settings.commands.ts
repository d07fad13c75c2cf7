import {
  generalSettingFields,
  pickFields,
  settingsBounds,
  type GeneralSettings,
  type SecretSettingName,
  type UpdateOrgSettingsInput,
} from '@ocore/core';
import type { Command } from 'commander';
import { CliError, usageError } from '../shared/errors.js';
import { parseBoolean, wholeNumberIn } from '../shared/option-parsers.js';
import type { CliIo } from '../shared/output.js';
import { withQuery, withSession, type Session } from '../shared/session.js';
import { requireChange, valueOrClear } from '../shared/update-input.js';
import {
  formatPosthogTest,
  formatSettings,
  formatSubscriptionStatus,
  formatValidation,
} from './org-settings.format.js';

interface SetOptions extends Partial<GeneralSettings> {
  posthogApiKey?: string;
  clearPosthogApiKey?: boolean;
  posthogWebhookSecret?: string;
  clearPosthogWebhookSecret?: boolean;
  subscriptionCode?: string;
  clearSubscriptionCode?: boolean;
}

interface ValidateOptions {
  code?: string;
  odooVersion?: string;
}

/** The write-only settings: the option that sets each and the one that clears it. */
const secretOptions = [
  { name: 'posthogPersonalApiKey', flag: 'posthog-api-key', value: 'posthogApiKey', clear: 'clearPosthogApiKey' },
  {
    name: 'posthogWebhookSecret',
    flag: 'posthog-webhook-secret',
    value: 'posthogWebhookSecret',
    clear: 'clearPosthogWebhookSecret',
  },
  { name: 'subscriptionCode', flag: 'subscription-code', value: 'subscriptionCode', clear: 'clearSubscriptionCode' },
] as const satisfies ReadonlyArray<{
  name: SecretSettingName;
  flag: string;
  value: keyof SetOptions;
  clear: keyof SetOptions;
}>;

/** A new secret, `null` to clear it ("" or --clear-…), or undefined to leave it alone. */
function secretInput(options: SetOptions, secret: (typeof secretOptions)[number]): string | null | undefined {
  const value = options[secret.value];
  if (options[secret.clear] === true) {
    if (value !== undefined) throw usageError(`pass --${secret.flag} or --clear-${secret.flag}, not both`);
    return null;
  }
  return value === undefined ? undefined : valueOrClear(value);
}

/** The partial update the options ask for; a usage error when they ask for nothing. */
function updateInput(options: SetOptions): UpdateOrgSettingsInput {
  const input: UpdateOrgSettingsInput = pickFields(options, generalSettingFields);
  for (const secret of secretOptions) input[secret.name] = secretInput(options, secret);
  return requireChange(input, 'nothing to change: pass at least one setting; see `ocore org settings set --help`');
}

async function testPosthog(session: Session): Promise<void> {
  const result = await session.signedIn().settings.testPosthog.mutate();
  session.print(result, () => formatPosthogTest(result));
  if (!result.success) throw new CliError('the PostHog connection test failed');
}

async function validateSubscription(session: Session, options: ValidateOptions): Promise<void> {
  const input = { code: options.code, odooVersion: options.odooVersion };
  const result = await session.signedIn().settings.validateSubscription.mutate(input);
  session.print(result, () => formatValidation(result));
  if (!result.valid) throw new CliError(`the subscription code is not valid for Odoo ${result.odooVersion}`);
}

function addSetOptions(command: Command): Command {
  const { auditRetentionDays: days, bulkBatchSize: batch } = settingsBounds;
  return command
    .option(
      '--audit-retention-days <n>',
      `days the audit log is kept, ${days.min}-${days.max}`,
      wholeNumberIn(days.min, days.max),
    )
    .option(
      '--bulk-batch-size <n>',
      `items per batch of bulk operations, ${batch.min}-${batch.max}`,
      wholeNumberIn(batch.min, batch.max),
    )
    .option('--require-passkey <true|false>', 'require members to sign in with a passkey', parseBoolean)
    .option('--posthog-enabled <true|false>', 'turn the PostHog integration on or off', parseBoolean)
    .option('--posthog-api-host <url>', 'PostHog API base URL, e.g. https://eu.i.posthog.com')
    .option('--posthog-ui-host <url>', 'PostHog UI base URL, e.g. https://eu.posthog.com')
    .option('--posthog-api-key <key>', 'PostHog personal API key (write-only; "" clears it)')
    .option('--clear-posthog-api-key', 'remove the stored PostHog personal API key')
    .option('--posthog-webhook-secret <secret>', 'PostHog webhook secret (write-only; "" clears it)')
    .option('--clear-posthog-webhook-secret', 'remove the stored PostHog webhook secret')
    .option('--subscription-code <code>', 'Odoo Enterprise subscription code (write-only; "" clears it)')
    .option('--clear-subscription-code', 'remove the stored subscription code');
}

/** `ocore org settings get|set|test-posthog|validate-subscription|subscription`. */
export function registerOrgSettingsCommands(org: Command, io: CliIo): void {
  const settings = org.command('settings').description('view and change the settings of the current organization');

  settings
    .command('get')
    .description('show the settings; secrets only as set or not set')
    .action(withQuery(io, (api) => api.settings.get.query(), formatSettings));

  addSetOptions(
    settings.command('set').description('change some settings, leaving the others (needs manage:org_settings)'),
  ).action(
    withSession<SetOptions>(io, async (session, options) => {
      const updated = await session.signedIn().settings.update.mutate(updateInput(options));
      session.print(updated, () => `Updated the organization settings.\n${formatSettings(updated)}`);
    }),
  );

  settings
    .command('test-posthog')
    .description('try the stored PostHog key against the API host; exits 1 when it fails (needs manage:org_settings)')
    .action(withSession(io, testPosthog));

  settings
    .command('validate-subscription')
    .description(
      'check a subscription code, by default the stored one; exits 1 when not valid (needs manage:org_settings)',
    )
    .option('--code <code>', 'the code to check instead of the stored one')
    .option('--odoo-version <version>', 'the Odoo version to check it for (default: 18.0)')
    .action(withSession<ValidateOptions>(io, validateSubscription));

  settings
    .command('subscription')
    .description('whether a subscription code is stored, and its last validation')
    .action(withQuery(io, (api) => api.settings.subscriptionStatus.query(), formatSubscriptionStatus));
}
