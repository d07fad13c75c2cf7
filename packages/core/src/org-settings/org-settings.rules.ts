/** Bounds and defaults of the numeric settings (documented in the README). */
export const settingsBounds = {
  auditRetentionDays: { min: 1, max: 3650, default: 90 },
  bulkBatchSize: { min: 1, max: 1000, default: 100 },
} as const;

export const settingsDefaults = {
  auditRetentionDays: settingsBounds.auditRetentionDays.default,
  bulkBatchSize: settingsBounds.bulkBatchSize.default,
  posthogEnabled: false,
  posthogApiHost: 'https://us.i.posthog.com',
  posthogUiHost: 'https://us.posthog.com',
  requirePasskey: false,
  backupDestinationId: null,
  terminalTranscripts: false,
  backupEncryption: false,
} as const;

/** The write-only settings, and the flag each is reported as. */
export const secretSettings = {
  posthogPersonalApiKey: 'hasPosthogPersonalKey',
  posthogWebhookSecret: 'hasPosthogWebhookKey',
  subscriptionCode: 'hasSubscriptionCode',
  /** Made by the server on the first encrypted backup; no update sets it. */
  backupKey: 'hasBackupKey',
} as const;
export type SecretSettingName = keyof typeof secretSettings;

/**
 * An Odoo Enterprise subscription code as accepted locally: 8-64 letters, digits and
 * hyphens, starting with a letter or digit (Odoo's codes look like `M2407151234567`).
 */
const subscriptionCodePattern = /^[A-Za-z0-9][A-Za-z0-9-]{7,63}$/;

/** Why `code` is not a well-formed subscription code, or undefined when it is. */
export function subscriptionCodeProblem(code: string): string | undefined {
  if (code.length < 8 || code.length > 64) return 'must be 8-64 characters';
  if (!subscriptionCodePattern.test(code)) return 'may contain only letters, digits and hyphens';
  return undefined;
}
