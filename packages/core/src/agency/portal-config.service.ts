import { requirePermission, type Actor } from '../auth/actor.js';
import { changedFields } from '../shared/fields.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import {
  portalFeatures,
  type PortalConfig,
  type PortalFeature,
  type UpdatePortalConfigInput,
} from './agency.schema.js';
import { requireAgency } from './agency.service.js';

/** What each toggle lets a client do, for messages. */
export const portalFeatureLabels: Readonly<Record<PortalFeature, string>> = {
  featureTerminal: 'The web terminal',
  featureFileEditor: 'The file editor',
  featureOdooShell: 'The Odoo shell',
  featureMonitoring: 'Monitoring',
  featureBackups: 'Backup management',
  featureDomains: 'Domain management',
  featureLogs: 'Instance logs',
  featureDatabases: 'Database management',
  teamManagementEnabled: 'Team management',
};

/** The agency's client portal configuration (view:agency). */
export async function getPortalConfig(deps: CoreDeps, actor: Actor): Promise<PortalConfig> {
  requirePermission(actor, 'view:agency');
  const agency = await requireAgency(deps, actor);
  const config = await deps.store.agencies.findPortalConfig(agency.id);
  if (!config) throw notFound('Portal configuration');
  return config;
}

/** Changes the toggles and visibility sent (manage:agency). */
export async function updatePortalConfig(
  deps: CoreDeps,
  actor: Actor,
  input: UpdatePortalConfigInput,
): Promise<PortalConfig> {
  requirePermission(actor, 'manage:agency');
  const agency = await requireAgency(deps, actor);
  return commitAndPublish(deps, async (tx, record) => {
    const before = await tx.agencies.findPortalConfig(agency.id);
    if (!before) throw notFound('Portal configuration');
    const after = await tx.agencies.updatePortalConfig(agency.id, input);
    const diff = changedFields(before, after, [...portalFeatures, 'infrastructureVisibility']);
    if (Object.keys(diff).length > 0) {
      await record(actor, {
        organizationId: agency.id,
        action: 'agency.portal_config_updated',
        targetType: 'portal_config',
        targetId: after.id,
        diff,
        payload: { fields: Object.keys(diff) },
      });
    }
    return after;
  });
}

/**
 * Refuses a client organization's member an operation whose portal feature the agency
 * switched off. Agency operators, and members of organizations that are nobody's client,
 * are never blocked.
 */
export async function requireFeature(deps: CoreDeps, actor: Actor, feature: PortalFeature): Promise<void> {
  if (!actor.agencyOrganizationId || actor.viaAgency) return;
  const config = await deps.store.agencies.findPortalConfig(actor.agencyOrganizationId);
  if (config && !config[feature]) {
    throw new DomainError(
      'FEATURE_DISABLED',
      `${portalFeatureLabels[feature]} is switched off for this portal (${feature})`,
      { feature },
    );
  }
}

/** The portal configuration that governs what the actor's organization may see, if any. */
export async function governingPortalConfig(deps: CoreDeps, actor: Actor): Promise<PortalConfig | undefined> {
  if (!actor.agencyOrganizationId || actor.viaAgency) return undefined;
  return deps.store.agencies.findPortalConfig(actor.agencyOrganizationId);
}
