/** Odoo versions the platform provisions and validates subscriptions for. */
export const supportedOdooVersions = ['16.0', '17.0', '18.0', '19.0'] as const;
export type SupportedOdooVersion = (typeof supportedOdooVersions)[number];

/** The version used when neither the input, the template nor the defaults name one. */
export const defaultOdooVersion: SupportedOdooVersion = '18.0';

/** True when the platform supports `version` (e.g. "18.0"). */
export function isSupportedOdooVersion(version: string): version is SupportedOdooVersion {
  return (supportedOdooVersions as readonly string[]).includes(version);
}
