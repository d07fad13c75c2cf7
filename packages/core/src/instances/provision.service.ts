import { governingPortalConfig } from '../agency/portal-config.service.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { settingsOrDefaults } from '../org-settings/org-settings.service.js';
import type { ServerRecord } from '../servers/server.ports.js';
import { commitAndPublish } from '../shared/change.js';
import { DomainError, invalidInput } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import { findVisibleTemplate } from '../templates/template.service.js';
import { templateLimits } from '../templates/template.rules.js';
import { dispatchOperation, queueOperation } from './instance.service.js';
import type { InstanceDeps } from './instance.deps.js';
import type { NewInstance } from './instance.ports.js';
import { slugFor, toInstance } from './instance.rules.js';
import type { CreateInstanceInput, Instance, ProvisionInput } from './instance.schema.js';
import type { Operation } from './operation.schema.js';
import {
  applyOverrides,
  limitsFor,
  requireSupportedVersion,
  serverRefusal,
  subscriptionProblem,
} from './provision.rules.js';

export type ProvisionDeps = InstanceDeps;

/** Refuses Odoo Enterprise unless the organization's stored subscription code passes the local checks. */
export async function requireSubscription(
  deps: ProvisionDeps,
  organizationId: string,
  odooVersion: string,
): Promise<void> {
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
 * The server an instance of the actor's organization may run on: one of its own, or, for a
 * client organization, one of its agency's (clients have no servers of their own).
 */
export async function findPlacement(tx: Repositories, actor: Actor, serverId: string): Promise<ServerRecord> {
  const server =
    (await tx.servers.find(actor.organizationId, serverId)) ??
    (actor.agencyOrganizationId ? await tx.servers.find(actor.agencyOrganizationId, serverId) : undefined);
  if (!server)
    throw new DomainError('NOT_FOUND', 'serverId: no such server in this organization', { field: 'serverId' });
  return server;
}

/** A slug no other instance has: the name's, then `-2`, `-3`… */
export async function freeSlug(tx: Repositories, name: string): Promise<string> {
  const base = slugFor(name);
  for (let n = 1; ; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await tx.instances.slugTaken(slug))) return slug;
  }
}

type Definition = Omit<NewInstance, 'organizationId' | 'serverId' | 'slug' | 'projectId' | 'stage'>;

/**
 * Records the instance as `pending` on a server that can take it (its capacity counts every
 * organization's instances) and queues its provisioning; answers both.
 */
async function placeInstance(
  deps: ProvisionDeps,
  actor: Actor,
  placement: {
    serverId?: string | undefined;
    projectId?: string | null | undefined;
    stage?: NewInstance['stage'] | undefined;
  },
  definition: Definition,
): Promise<{ instance: Instance; operation: Operation }> {
  const serverId = placement.serverId ?? (await deps.store.settings.find(actor.organizationId))?.defaultServerId;
  if (!serverId) throw invalidInput('serverId', 'is required (the organization has no defaultServerId setting)');
  if (definition.odooEdition === 'ee') await requireSubscription(deps, actor.organizationId, definition.odooVersion);
  const visibility = (await governingPortalConfig(deps, actor))?.infrastructureVisibility ?? 'full';
  const placed = await commitAndPublish(deps, async (tx, record, emit) => {
    const server = await findPlacement(tx, actor, serverId);
    const refusal = serverRefusal(
      server,
      await tx.instances.countOnServerForUpdate(server.id),
      definition.workers,
      visibility,
      {
        cpuLimit: definition.cpuLimit,
        memoryLimitMb: definition.memoryLimitMb,
        reservedMemoryMb: await tx.instances.reservedMemoryOnServer(server.id),
      },
    );
    if (refusal) throw refusal;
    if (placement.projectId && !(await tx.projects.find(actor.organizationId, placement.projectId)))
      throw new DomainError('NOT_FOUND', 'projectId: no such project in this organization', { field: 'projectId' });
    const created = await tx.instances.insert({
      ...definition,
      organizationId: actor.organizationId,
      serverId: server.id,
      projectId: placement.projectId ?? null,
      stage: placement.stage ?? 'production',
      slug: await freeSlug(tx, definition.name),
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance.created',
      targetType: 'instance',
      targetId: created.id,
      diff: {
        after: {
          name: created.name,
          templateId: created.templateId,
          serverId: server.id,
          odooVersion: created.odooVersion,
          odooEdition: created.odooEdition,
          workers: created.workers,
          cpuLimit: created.cpuLimit,
          memoryLimitMb: created.memoryLimitMb,
          envVarNames: Object.keys(created.envVars),
          moduleList: created.moduleList,
          status: created.status,
        },
      },
      payload: { templateId: created.templateId, serverId: server.id, status: created.status },
    });
    const operation = await queueOperation(deps, tx, record, emit, actor, created, 'provision', {
      skipStatusCheck: true,
    });
    const stored = await tx.instances.findById(created.id);
    if (!stored) throw new Error(`instance ${created.id} vanished while it was provisioned`);
    return { instance: toInstance(stored, deps.instanceBaseDomain, deps.instanceAccess), operation };
  });
  await dispatchOperation(deps, placed.operation);
  return placed;
}

/**
 * Provisions an instance from a visible template on a server the organization may use
 * (manage:templates and manage:instances), with the template's CPU and memory limits unless
 * the request sets its own. Refuses, each with its own field: an unsupported version, bad
 * overrides, Enterprise without a usable subscription code, an unknown server (404), a server
 * that is not active, full, or too small for the workers or the limits.
 */
export async function provisionInstance(
  deps: ProvisionDeps,
  actor: Actor,
  input: ProvisionInput,
): Promise<{ instance: Instance; operation: Operation }> {
  requirePermission(actor, 'manage:templates');
  requirePermission(actor, 'manage:instances');
  const template = await findVisibleTemplate(deps.store, actor, input.id);
  requireSupportedVersion(template.odooVersion, template.name);
  const { workers, envVars } = applyOverrides(template, input.overrides);
  return placeInstance(deps, actor, input, {
    templateId: template.id,
    name: input.name ?? template.name,
    odooVersion: template.odooVersion,
    odooEdition: template.odooEdition,
    workers,
    envVars,
    moduleList: template.moduleList,
    ...limitsFor(input, template),
  });
}

/**
 * Provisions an instance from the template's fields given directly, or from a template with
 * some of them overridden (manage:instances, and view:templates when a template is named).
 */
export async function createInstance(
  deps: ProvisionDeps,
  actor: Actor,
  input: CreateInstanceInput,
): Promise<{ instance: Instance; operation: Operation }> {
  requirePermission(actor, 'manage:instances');
  // What the request leaves out comes from the template, then from the organization's settings.
  const defaults = await deps.store.settings.find(actor.organizationId);
  const templateId = input.templateId ?? defaults?.defaultTemplateId ?? undefined;
  const template = templateId ? await findVisibleTemplate(deps.store, actor, templateId) : undefined;
  if (template) requirePermission(actor, 'view:templates');
  const odooVersion = input.odooVersion ?? template?.odooVersion ?? defaults?.defaultOdooVersion ?? undefined;
  if (!odooVersion)
    throw invalidInput('odooVersion', 'is required without a templateId or a defaultOdooVersion setting');
  requireSupportedVersion(odooVersion, input.name);
  return placeInstance(deps, actor, input, {
    templateId: template?.id ?? null,
    name: input.name,
    odooVersion,
    odooEdition: input.odooEdition ?? template?.odooEdition ?? 'ce',
    workers:
      input.workers ?? template?.defaultWorkers ?? defaults?.defaultWorkers ?? Math.min(2, templateLimits.workers.max),
    envVars: input.envVars ?? template?.defaultEnvVars ?? {},
    moduleList: input.moduleList ?? template?.moduleList ?? [],
    ...limitsFor(input, template),
  });
}
