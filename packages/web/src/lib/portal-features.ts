import type { PortalContext, PortalFeature } from '@ocore/core';

export interface PortalFeatureInfo {
  key: PortalFeature;
  /** The name clients see in the portal's navigation. */
  label: string;
  path: string;
  /** What the toggle gives clients, for the agency's configuration page. */
  description: string;
}

// A record, so a feature added to the schema does not compile until it is described here.
const features: Record<PortalFeature, Omit<PortalFeatureInfo, 'key'>> = {
  teamManagementEnabled: {
    label: 'Team',
    path: '/team',
    description: 'Clients add and remove their own team members.',
  },
  featureLogs: {
    label: 'Logs',
    path: '/logs',
    description: 'The logs of their instances, live, with search and download.',
  },
  featureMonitoring: {
    label: 'Monitoring',
    path: '/monitoring',
    description: 'CPU, memory, network, disk and health of their instances, live, with their uptime.',
  },
  featureBackups: { label: 'Backups', path: '/backups', description: 'Listing, creating and restoring backups.' },
  featureDomains: { label: 'Domains', path: '/domains', description: 'Managing the domains of their instances.' },
  featureDatabases: {
    label: 'Databases',
    path: '/databases',
    description: 'Creating, duplicating and dropping databases.',
  },
  featureTerminal: { label: 'Terminal', path: '/terminal', description: 'A web terminal on their instances.' },
  featureFileEditor: {
    label: 'File editor',
    path: '/file-editor',
    description: 'Editing the files of their instances.',
  },
  featureOdooShell: { label: 'Odoo shell', path: '/odoo-shell', description: 'An interactive Odoo shell.' },
};

/** Every portal feature, in the order of the portal's navigation. */
export const portalFeatureList: readonly PortalFeatureInfo[] = (Object.keys(features) as PortalFeature[]).map(
  (key) => ({ key, ...features[key] }),
);

type FeatureToggles = Pick<NonNullable<PortalContext['config']>, PortalFeature>;

/** The features a portal configuration turns on; with no configuration yet, the defaults (all on). */
export function enabledFeatures(config: FeatureToggles | null | undefined): PortalFeatureInfo[] {
  return portalFeatureList.filter((feature) => config?.[feature.key] ?? true);
}
