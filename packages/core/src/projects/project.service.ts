import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { DomainError, notFound } from '../shared/domain-error.js';
import type { Repositories } from '../shared/store.js';
import type { CreateProjectInput, Project, UpdateProjectInput } from './project.schema.js';

// Projects group instances: the instance permissions govern them (no permission of their own).

async function findProject(tx: Pick<Repositories, 'projects'>, actor: Actor, id: string): Promise<Project> {
  const project = await tx.projects.find(actor.organizationId, id);
  if (!project) throw notFound('Project');
  return project;
}

async function requireFreeName(tx: Repositories, actor: Actor, name: string, exceptId?: string): Promise<void> {
  if (await tx.projects.nameTaken(actor.organizationId, name, exceptId))
    throw new DomainError('INVALID_INPUT', `name: a project named "${name}" exists already`, { field: 'name' });
}

/** The organization's projects (view:instances), oldest first. */
export async function listProjects(deps: CoreDeps, actor: Actor): Promise<{ items: Project[]; total: number }> {
  requirePermission(actor, 'view:instances');
  const items = await deps.store.projects.list(actor.organizationId);
  return { items, total: items.length };
}

/** One project (view:instances). */
export async function getProject(deps: CoreDeps, actor: Actor, id: string): Promise<Project> {
  requirePermission(actor, 'view:instances');
  return findProject(deps.store, actor, id);
}

/** Creates a project (manage:instances); names are unique in the organization. */
export async function createProject(deps: CoreDeps, actor: Actor, input: CreateProjectInput): Promise<Project> {
  requirePermission(actor, 'manage:instances');
  return commitAndPublish(deps, async (tx, record) => {
    await requireFreeName(tx, actor, input.name);
    const project = await tx.projects.insert({ organizationId: actor.organizationId, ...input });
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'project.created',
      targetType: 'project',
      targetId: project.id,
      diff: { after: { name: project.name } },
    });
    return project;
  });
}

/** Renames or describes a project (manage:instances). */
export async function updateProject(deps: CoreDeps, actor: Actor, input: UpdateProjectInput): Promise<Project> {
  requirePermission(actor, 'manage:instances');
  const { id, ...patch } = input;
  return commitAndPublish(deps, async (tx, record) => {
    const before = await findProject(tx, actor, id);
    if (patch.name !== undefined) await requireFreeName(tx, actor, patch.name, id);
    const project = await tx.projects.update(id, patch);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'project.updated',
      targetType: 'project',
      targetId: id,
      diff: { before: { name: before.name, description: before.description }, after: patch },
    });
    return project;
  });
}

/** Deletes a project (manage:instances); refused while instances belong to it (IN_USE). */
export async function deleteProject(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:instances');
  await commitAndPublish(deps, async (tx, record) => {
    const project = await findProject(tx, actor, id);
    if (project.instanceCount > 0)
      throw new DomainError(
        'IN_USE',
        `Project "${project.name}" still holds ${project.instanceCount} instance(s): delete or move them first`,
      );
    await tx.projects.delete(id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'project.deleted',
      targetType: 'project',
      targetId: id,
      diff: { before: { name: project.name } },
    });
  });
}
