import { governingPortalConfig } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import type { SecretBox } from '../org-settings/org-settings.ports.js';
import { settingsOrDefaults } from '../org-settings/org-settings.service.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, invalidInput } from '../shared/domain-error.js';
import { findVisibleTemplate } from '../templates/template.service.js';
import type { Instance, ProvisionInput } from './instance.schema.js';
import { applyOverrides, requireSupportedVersion, serverRefusal, subscriptionProblem } from './provision.rules.js';

export interface ProvisionDeps extends CoreDeps {
  /** Opens the stored subscription code for the Enterprise check. */
  secrets: SecretBox;
}

/** Refuses Odoo Enterprise unless the organization's stored subscription code passes the local checks. */
async function requireSubscription(deps: ProvisionDeps, organizationId: string, odooVersion: string): Promise<void> {
  const settings = settingsOrDefaults(organizationId, await deps.store.settings.find(organizationId));
  const sealed = settings.sealed.subscriptionCode;
  const problem = subscriptionProblem(
    sealed ? deps.secrets.open(sealed) : undefined,
    odooVersion,
    settings.lastSubscriptionValidation,
  );
  if (problem) throw invalidInput('subscriptionCode', problem);
}

/**
 * Records a new instance from a visible template on one of the organization's servers
 * (manage:templates and manage:instances). Refuses, each with its own field: an unsupported
 * version, bad overrides, Enterprise without a usable subscription code, an unknown server
 * (404), a server that is not active, full, or too small for the workers. The instance is
 * `pending`: nothing deploys it yet.
 */
export async function provisionInstance(deps: ProvisionDeps, actor: Actor, input: ProvisionInput): Promise<Instance> {
  requirePermission(actor, 'manage:templates');
  requirePermission(actor, 'manage:instances');
  const template = await findVisibleTemplate(deps.store, actor, input.id);
  requireSupportedVersion(template.odooVersion, template.name);
  const { workers, envVars } = applyOverrides(template, input.overrides);
  if (template.odooEdition === 'ee') await requireSubscription(deps, actor.organizationId, template.odooVersion);
  const visibility = (await governingPortalConfig(deps, actor))?.infrastructureVisibility ?? 'full';
  return commitAndPublish(deps, async (tx, record) => {
    const server = await tx.servers.find(actor.organizationId, input.serverId);
    if (!server)
      throw new DomainError('NOT_FOUND', 'serverId: no such server in this organization', { field: 'serverId' });
    const refusal = serverRefusal(server, await tx.instances.countOnServerForUpdate(server.id), workers, visibility);
    if (refusal) throw refusal;
    const instance = await tx.instances.insert({
      organizationId: actor.organizationId,
      templateId: template.id,
      serverId: server.id,
      name: input.name ?? template.name,
      odooVersion: template.odooVersion,
      odooEdition: template.odooEdition,
      workers,
      envVars,
      moduleList: template.moduleList,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance.created',
      targetType: 'instance',
      targetId: instance.id,
      diff: {
        after: {
          name: instance.name,
          templateId: template.id,
          serverId: server.id,
          odooVersion: instance.odooVersion,
          odooEdition: instance.odooEdition,
          workers,
          envVarNames: Object.keys(envVars),
          moduleList: instance.moduleList,
          status: instance.status,
        },
      },
      payload: { templateId: template.id, serverId: server.id, status: instance.status },
    });
    return instance;
  });
}
