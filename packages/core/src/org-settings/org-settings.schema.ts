import { z } from 'zod';
import { idSchema, isoDateSchema } from '../shared/common.schema.js';
import { settingsBounds } from './org-settings.rules.js';
import { orgDefaultsInput, orgDefaultsOutput } from './org-defaults.schema.js';
import { supportedOdooVersions } from '../shared/odoo-versions.js';

function boundedInt(name: keyof typeof settingsBounds) {
  const { min, max } = settingsBounds[name];
  return z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be ${min}-${max}`)
    .max(max, `must be ${min}-${max}`);
}

/** An http(s) base URL of a PostHog instance. */
const hostUrlSchema = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** A write-only secret: a value sets it, `null` or `""` clears it. */
const secretInput = z
  .union([z.string().max(512, 'must be at most 512 characters'), z.null()])
  .transform((value) => (value === null || value.trim() === '' ? null : value.trim()));

/**
 * The settings stored as they are, one value each and portable to another server: the one list
 * the service, the ports, the export and the CLI derive theirs from.
 */
export const generalSettingsSchema = z.object({
  auditRetentionDays: z.number().int(),
  bulkBatchSize: z.number().int(),
  posthogApiHost: z.string(),
  posthogEnabled: z.boolean(),
  posthogUiHost: z.string(),
  requirePasskey: z.boolean(),
  /** Keep each terminal session's transcript, readable by those who may see the audit log. */
  terminalTranscripts: z.boolean(),
  /**
   * Encrypt backups at rest with a key of the organization's (AES-256-GCM, made on the first
   * encrypted backup and kept sealed; it stays after the setting is turned off, for older backups).
   */
  backupEncryption: z.boolean(),
});

export const orgSettingsSchema = z.object({
  ...generalSettingsSchema.shape,
  hasPosthogPersonalKey: z.boolean(),
  hasPosthogWebhookKey: z.boolean(),
  hasSubscriptionCode: z.boolean(),
  /** Whether the organization's backup key was made (never answered: it is only ever sealed). */
  hasBackupKey: z.boolean(),
  /** The default backup destination, used when a backup or schedule names none. */
  backupDestinationId: idSchema.nullable(),
  ...orgDefaultsOutput,
  /**
   * In the answer of an update only: the stored secrets it cleared because the host they are
   * sent to changed without them being given again.
   */
  clearedSecrets: z.array(z.enum(['posthogPersonalApiKey', 'posthogWebhookSecret', 'subscriptionCode'])).optional(),
});
export type OrgSettings = z.infer<typeof orgSettingsSchema>;

export type GeneralSettings = z.infer<typeof generalSettingsSchema>;
export const generalSettingFields = generalSettingsSchema.keyof().options;

const updatableSettings = {
  auditRetentionDays: boundedInt('auditRetentionDays').optional(),
  bulkBatchSize: boundedInt('bulkBatchSize').optional(),
  posthogApiHost: hostUrlSchema.optional(),
  posthogEnabled: z.boolean().optional(),
  posthogPersonalApiKey: secretInput.optional(),
  posthogUiHost: hostUrlSchema.optional(),
  posthogWebhookSecret: secretInput.optional(),
  requirePasskey: z.boolean().optional(),
  terminalTranscripts: z.boolean().optional(),
  backupEncryption: z.boolean().optional(),
  subscriptionCode: secretInput.optional(),
  /** One of the organization's backup destinations; null clears it. */
  backupDestinationId: idSchema.nullable().optional(),
  ...orgDefaultsInput,
};

/**
 * The settings an update may change. A key it does not know (a typo, the guide's placeholder
 * `{"key": "value"}`) is refused naming it, rather than silently ignored.
 */
export const updateOrgSettingsInput = z.strictObject(updatableSettings, {
  error: (issue) =>
    issue.code === 'unrecognized_keys'
      ? `is not a setting (known settings: ${Object.keys(updatableSettings).join(', ')})`
      : undefined,
});
export type UpdateOrgSettingsInput = z.infer<typeof updateOrgSettingsInput>;

export const testPosthogResultSchema = z.object({
  success: z.boolean(),
  projectName: z.string().nullable(),
  message: z.string(),
});
export type TestPosthogResult = z.infer<typeof testPosthogResultSchema>;

export const validateSubscriptionInput = z
  .object({
    odooVersion: z.string().trim().max(20, 'must be at most 20 characters').optional(),
    code: z.string().trim().max(64, 'must be at most 64 characters').optional(),
  })
  .optional();

const checkSchema = z.object({
  name: z.enum(['format', 'version', 'remote']),
  status: z.enum(['passed', 'failed', 'skipped']),
  detail: z.string(),
});

export const subscriptionValidationSchema = z.object({
  odooVersion: z.string(),
  valid: z.boolean(),
  reason: z.string().optional(),
  checks: z.array(checkSchema),
  checkedAt: isoDateSchema,
  /** Whether the code checked was given in the request or the stored one. */
  source: z.enum(['given', 'stored']),
});
export type SubscriptionValidation = z.infer<typeof subscriptionValidationSchema>;
export type SubscriptionCheck = z.infer<typeof checkSchema>;

export const subscriptionStatusSchema = z.object({
  hasSubscriptionCode: z.boolean(),
  supportedVersions: z.array(z.string()),
  lastValidation: subscriptionValidationSchema.nullable(),
});

export const odooVersionSchema = z.enum(supportedOdooVersions);
