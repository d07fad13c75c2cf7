import type { PortalContext, PortalFeature } from '@ocore/core';

export interface PortalFeatureInfo {
  key: PortalFeature;
  /** The name clients see in the portal's navigation. */
  label: string;
  path: string;
  /** What the toggle gives clients, for the agency's configuration page. */
  description: string;
  /** What the section lets clients do, in a line for their portal's home. */
  clientDescription: string;
}

// A record, so a feature added to the schema does not compile until it is described here.
const features: Record<PortalFeature, Omit<PortalFeatureInfo, 'key'>> = {
  teamManagementEnabled: {
    label: 'Team',
    path: '/team',
    description: 'Clients add and remove their own team members.',
    clientDescription: 'Invite colleagues and choose what each of them may do.',
  },
  featureLogs: {
    label: 'Logs',
    path: '/logs',
    description: 'The logs of their instances, live, with search and download.',
    clientDescription: 'Read what your Odoo instances write, as it happens, and download it.',
  },
  featureMonitoring: {
    label: 'Monitoring',
    path: '/monitoring',
    description: 'CPU, memory, network, disk and health of their instances, live, with their uptime.',
    clientDescription: 'See how busy and how healthy your instances are, and how long they stayed up.',
  },
  featureBackups: {
    label: 'Backups',
    path: '/backups',
    description: 'Listing, creating and restoring backups.',
    clientDescription: 'Keep copies of your data and bring one back when you need it.',
  },
  featureDomains: {
    label: 'Domains',
    path: '/domains',
    description: 'Managing the domains of their instances.',
    clientDescription: 'Reach your instances at your own addresses, with HTTPS.',
  },
  featureDatabases: {
    label: 'Databases',
    path: '/databases',
    description: 'Creating, duplicating and dropping databases.',
    clientDescription: 'Create, copy and remove the databases of your instances.',
  },
  featureTerminal: {
    label: 'Terminal',
    path: '/terminal',
    description: 'A web terminal on their instances.',
    clientDescription: 'Type commands inside your instance, from the browser.',
  },
  featureFileEditor: {
    label: 'File editor',
    path: '/file-editor',
    description: 'Editing the files of their instances.',
    clientDescription: 'Change your custom modules and the Odoo configuration.',
  },
  featureOdooShell: {
    label: 'Odoo shell',
    path: '/odoo-shell',
    description: 'An interactive Odoo shell.',
    clientDescription: 'Work with your Odoo data in Python, from the browser.',
  },
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
