import type { SecretSettingName } from './org-settings.rules.js';
import type { GeneralSettings, SubscriptionValidation } from './org-settings.schema.js';
import type { OrgDefaults } from './org-defaults.schema.js';

/** Settings as stored: secrets sealed by the SecretBox, never in plaintext. */
export interface OrgSettingsRecord extends OrgDefaults, GeneralSettings {
  organizationId: string;
  /** Where backups go when a backup or schedule names no destination. */
  backupDestinationId: string | null;
  sealed: Record<SecretSettingName, string | null>;
  lastSubscriptionValidation: SubscriptionValidation | null;
  /** When and by whom the last disaster-recovery export was made. */
  lastExport: { at: string; userId: string } | null;
}

export type OrgSettingsPatch = Partial<Omit<OrgSettingsRecord, 'organizationId' | 'sealed'>> & {
  sealed?: Partial<Record<SecretSettingName, string | null>>;
};

export interface OrgSettingsRepository {
  /** The stored settings, or undefined when the organization never saved any. */
  find(organizationId: string): Promise<OrgSettingsRecord | undefined>;
  /** Like find, but locks the row (creating it with defaults) until the transaction ends. */
  findForUpdate(organizationId: string): Promise<OrgSettingsRecord>;
  /** Writes only the fields in the patch, so concurrent updates of other fields survive. */
  update(organizationId: string, patch: OrgSettingsPatch): Promise<OrgSettingsRecord>;
}

export type PosthogFailure = 'rejected_key' | 'unreachable' | 'timeout' | 'not_posthog' | 'blocked_address';

export type PosthogProbe = { ok: true; projectName: string } | { ok: false; reason: PosthogFailure; message: string };

/** PostHog's API, reached over HTTP with the user's personal key. */
export interface PosthogClient {
  /** Asks `host` for the current project of `apiKey` (GET /api/projects/@current/). */
  currentProject(host: string, apiKey: string): Promise<PosthogProbe>;
}

export type RemoteSubscriptionAnswer =
  { checked: true; valid: boolean; reason?: string } | { checked: false; reason: string };

/** An outside authority that confirms a subscription code; optional. */
export interface SubscriptionVerifier {
  /** Whether a remote check is configured at all. */
  isConfigured(): boolean;
  verify(code: string, odooVersion: string): Promise<RemoteSubscriptionAnswer>;
}
