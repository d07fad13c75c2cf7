import { portalFeatureLabels, type PortalConfig } from '@ocore/core';
import { formatFields, formatTable } from '../shared/output.js';
import { portalFeatureFlags } from './portal-config.options.js';

const visibilityMeaning = {
  full: 'clients see all server details',
  limited: 'clients see some server details',
  none: 'clients see no server details',
} as const;

/** Each feature toggle as on or off, by the flag that sets it, then the infrastructure visibility. */
export function formatPortalConfig(config: PortalConfig): string {
  const toggles = formatTable(portalFeatureFlags, [
    { header: 'feature', value: (f) => f.flag },
    { header: 'client access', value: (f) => (config[f.feature] ? 'on' : 'off') },
    { header: 'what', value: (f) => portalFeatureLabels[f.feature] },
  ]);
  const visibility = config.infrastructureVisibility;
  const fields = formatFields([
    ['Infrastructure visibility', `${visibility} (${visibilityMeaning[visibility]})`],
    ['Updated', config.updatedAt],
  ]);
  return `${toggles}\n\n${fields}`;
}
