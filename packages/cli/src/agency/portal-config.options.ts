import type { PortalFeature } from '@ocore/core';

/**
 * The flag of each portal feature toggle and the option name commander derives from it,
 * in the order the guide lists them.
 */
export const portalFeatureFlags = [
  { feature: 'featureTerminal', flag: 'terminal', option: 'terminal' },
  { feature: 'featureFileEditor', flag: 'file-editor', option: 'fileEditor' },
  { feature: 'featureOdooShell', flag: 'odoo-shell', option: 'odooShell' },
  { feature: 'featureMonitoring', flag: 'monitoring', option: 'monitoring' },
  { feature: 'featureBackups', flag: 'backups', option: 'backups' },
  { feature: 'featureDomains', flag: 'domains', option: 'domains' },
  { feature: 'featureLogs', flag: 'logs', option: 'logs' },
  { feature: 'featureDatabases', flag: 'databases', option: 'databases' },
  { feature: 'teamManagementEnabled', flag: 'team-management', option: 'teamManagement' },
] as const satisfies ReadonlyArray<{ feature: PortalFeature; flag: string; option: string }>;

export type PortalFeatureOption = (typeof portalFeatureFlags)[number]['option'];
