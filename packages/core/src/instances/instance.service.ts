import { requirePermission, type Actor } from '../auth/actor.js';
import { commitAndPublish } from '../shared/change.js';
import type { CoreDeps } from '../shared/deps.js';
import { notFound } from '../shared/domain-error.js';
import type { Instance } from './instance.schema.js';

/** The organization's instances (view:instances), oldest first. */
export async function listInstances(deps: CoreDeps, actor: Actor): Promise<{ items: Instance[]; total: number }> {
  requirePermission(actor, 'view:instances');
  const items = await deps.store.instances.list(actor.organizationId);
  return { items, total: items.length };
}

/** One instance of the organization (view:instances). */
export async function getInstance(deps: CoreDeps, actor: Actor, id: string): Promise<Instance> {
  requirePermission(actor, 'view:instances');
  const instance = await deps.store.instances.find(actor.organizationId, id);
  if (!instance) throw notFound('Instance');
  return instance;
}

/** Removes an instance's record (manage:instances); nothing is deployed yet, so nothing else is torn down. */
export async function deleteInstance(deps: CoreDeps, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'manage:instances');
  await commitAndPublish(deps, async (tx, record) => {
    const instance = await tx.instances.find(actor.organizationId, id);
    if (!instance) throw notFound('Instance');
    await tx.instances.delete(instance.id);
    await record(actor, {
      organizationId: actor.organizationId,
      action: 'instance.deleted',
      targetType: 'instance',
      targetId: id,
      diff: {
        before: {
          name: instance.name,
          serverId: instance.serverId,
          templateId: instance.templateId,
          status: instance.status,
        },
      },
    });
  });
}
