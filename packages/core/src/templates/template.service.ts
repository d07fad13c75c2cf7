import { withListDefaults, type Page } from '../shared/list-query.js';
import type { ListTemplatesInput } from './template.schema.js';
import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { definedFields } from '../shared/fields.js';
import { DomainError, invalidInput, notFound } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import { templateChanges, templateSummary } from './template-audit.rules.js';
import type { TemplatePatch, TemplateRecord } from './template.ports.js';
import { capturedTemplateName } from './template.rules.js';
import type { CaptureTemplateInput, CreateTemplateInput, Template, UpdateTemplateInput } from './template.schema.js';
import { isSupportedOdooVersion, supportedOdooVersions } from '../shared/odoo-versions.js';

/** A template as `actor` sees it: `shared` when it is their agency's, not their organization's. */
export function toTemplate(record: TemplateRecord, actor: Actor): Template {
  return { ...record, shared: record.organizationId !== actor.organizationId };
}

/** A template the actor may see (their organization's, or a public one of their agency), else NOT_FOUND. */
export async function findVisibleTemplate(
  repos: Pick<Repositories, 'templates'>,
  actor: Actor,
  id: string,
): Promise<TemplateRecord> {
  const template = await repos.templates.findVisible(actor.organizationId, actor.agencyOrganizationId, id);
  if (!template) throw notFound('Template');
  return template;
}

/** Like findVisibleTemplate, but refuses the agency's shared templates: clients only read them. */
async function findOwnTemplate(tx: Repositories, actor: Actor, id: string): Promise<TemplateRecord> {
  const template = await findVisibleTemplate(tx, actor, id);
  if (template.organizationId !== actor.organizationId) {
    throw new DomainError(
      'PERMISSION_DENIED',
      `Template "${template.name}" is shared by your agency and is read-only here; capture or create your own to change it`,
    );
  }
  return template;
}

/** The organization's templates and its agency's public ones (view:templates), oldest first. */
export async function listTemplates(deps: CoreDeps, actor: Actor, input?: ListTemplatesInput): Promise<Page<Template>> {
  requirePermission(actor, 'view:templates');
  const query = withListDefaults(input, { sort: 'createdAt', direction: 'asc' });
  const page = await deps.store.templates.pageVisible(actor.organizationId, actor.agencyOrganizationId, query, {
    odooEdition: input?.odooEdition,
  });
  return { ...page, items: page.items.map((t) => toTemplate(t, actor)) };
}

/** One visible template (view:templates). */
export async function getTemplate(deps: CoreDeps, actor: Actor, id: string): Promise<Template> {
  requirePermission(actor, 'view:templates');
  return toTemplate(await findVisibleTemplate(deps.store, actor, id), actor);
}

/** Creates a template (manage:templates). */
export async function createTemplate(deps: CoreDeps, actor: Actor, input: CreateTemplateInput): Promise<Template> {
  requirePermission(actor, 'manage:templates');
  return commitAndPublish(deps, async (tx, record) => {
    const template = await tx.templates.insert({ organizationId: actor.organizationId, ...input });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'template.created',
      targetType: 'template',
      targetId: template.id,
      diff: { after: templateSummary(template) },
    });
    return toTemplate(template, actor);
  });
}

/** Changes the fields sent (manage:templates); the agency's shared templates are read-only to clients. */
export async function updateTemplate(deps: CoreDeps, actor: Actor, input: UpdateTemplateInput): Promise<Template> {
  requirePermission(actor, 'manage:templates');
  const { id, ...fields } = input;
  return commitAndPublish(deps, async (tx, record) => {
    const before = await findOwnTemplate(tx, actor, id);
    const patch: TemplatePatch = definedFields(fields);
    const after = await tx.templates.update(before.id, patch);
    const diff = templateChanges(before, after);
    if (Object.keys(diff).length) {
      await record(actor, {
        organizationId: actor.organizationId,
        action: 'template.updated',
        targetType: 'template',
        targetId: after.id,
        diff,
        payload: { fields: Object.keys(diff) },
      });
    }
    return toTemplate(after, actor);
  });
}

/** Removes a template (manage:templates); instances made from it stay. */
export async function deleteTemplate(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:templates');
  await commitAndPublish(deps, async (tx, record) => {
    const template = await findOwnTemplate(tx, actor, id);
    await tx.templates.delete(template.id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'template.deleted',
      targetType: 'template',
      targetId: id,
      diff: { before: templateSummary(template) },
    });
  });
}

/**
 * Saves an instance's version, edition, workers, environment, modules and limits as a new template
 * (manage:templates and view:instances), named "<instance> template" unless a name is given.
 */
export async function captureTemplate(deps: CoreDeps, actor: Actor, input: CaptureTemplateInput): Promise<Template> {
  requirePermission(actor, 'manage:templates');
  requirePermission(actor, 'view:instances');
  return commitAndPublish(deps, async (tx, record) => {
    const instance = await tx.instances.find(actor.organizationId, input.instanceId);
    if (!instance) throw notFound('Instance');
    if (!isSupportedOdooVersion(instance.odooVersion)) {
      throw invalidInput(
        'odooVersion',
        `Odoo ${instance.odooVersion} of instance "${instance.name}" is no longer supported (supported: ${supportedOdooVersions.join(', ')})`,
      );
    }
    const template = await tx.templates.insert({
      organizationId: actor.organizationId,
      name: input.name ?? capturedTemplateName(instance.name),
      description: input.description ?? `Captured from instance ${instance.name}`,
      odooVersion: instance.odooVersion,
      odooEdition: instance.odooEdition,
      defaultWorkers: instance.workers,
      defaultEnvVars: instance.envVars,
      moduleList: instance.moduleList,
      cpuLimit: instance.cpuLimit,
      memoryLimitMb: instance.memoryLimitMb,
      isPublic: input.isPublic ?? false,
    });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'template.created',
      targetType: 'template',
      targetId: template.id,
      diff: { after: templateSummary(template), fromInstanceId: instance.id },
      payload: { fromInstanceId: instance.id },
    });
    return toTemplate(template, actor);
  });
}
